using MtcnnCuda.Perf.Report;
using SkiaSharp;

namespace MtcnnCuda.Perf.Tests;

public class ReportTests
{
    [Fact]
    public void Line_plot_writes_a_png_of_the_requested_size_with_the_curve_drawn()
    {
        using var temp = new TempFolder();
        string empty = Path.Combine(temp.Path, "empty.png"), curve = Path.Combine(temp.Path, "curve.png");
        new LinePlot { Title = "t", XLabel = "x", YLabel = "y", XMin = 0, XMax = 1, YMin = 0, YMax = 1, Width = 400, Height = 300 }.SavePng(empty);
        var plot = new LinePlot { Title = "t", XLabel = "x", YLabel = "y", XMin = 0, XMax = 1, YMin = 0, YMax = 1, Width = 400, Height = 300 };
        plot.Series.Add(new PlotSeries("diagonal", [0.0, 1.0], [0.0, 1.0]));
        plot.SavePng(curve);
        using var a = SKBitmap.Decode(empty);
        using var b = SKBitmap.Decode(curve);
        Assert.Equal((400, 300), (b.Width, b.Height));
        // The diagonal crosses the middle of the plot area: that pixel is coloured in one image only.
        int changed = 0;
        for (int y = 0; y < b.Height; y++)
            for (int x = 0; x < b.Width; x++)
                if (a.GetPixel(x, y) != b.GetPixel(x, y)) changed++;
        Assert.True(changed > 200, $"only {changed} pixels differ");
    }

    [Fact]
    public void Html_page_is_self_contained_and_escapes_text()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "index.html");
        new Html("a <b> & c").Paragraph("x < y").Table(["h"], [["1 & 2"]]).Image([1, 2, 3], "image/png", "cap").Save(path);
        string page = File.ReadAllText(path);
        Assert.Contains("a &lt;b&gt; &amp; c", page);
        Assert.Contains("<td>1 &amp; 2</td>", page);
        Assert.Contains("src=\"data:image/png;base64,AQID\"", page);
        Assert.DoesNotContain("http", page);
    }
}
