using MtcnnCuda.Perf.Eval;

namespace MtcnnCuda.Perf.Tests;

public class ReaderTests
{
    private const string WiderSample = """
        0--Parade/0_Parade_marchingband_1_849.jpg
        1
        449 330 122 149 0 0 0 0 0 0 
        0--Parade/0_Parade_Parade_0_904.jpg
        0
        0 0 0 0 0 0 0 0 0 0 
        1--Handshaking/1_Handshaking_1.jpg
        2
        10 20 30 40 2 1 0 0 1 0
        5 5 0 0 0 0 0 1 0 0
        """;

    [Fact]
    public void Wider_reader_parses_faces_attributes_and_empty_images()
    {
        var images = WiderReader.Read(new StringReader(WiderSample), "gt.txt");
        Assert.Equal(3, images.Count);
        Assert.Equal("0--Parade/0_Parade_marchingband_1_849.jpg", images[0].Path);
        Assert.Equal(new EvalBox(449, 330, 122, 149), images[0].Faces[0].Box);
        Assert.Empty(images[1].Faces);
        var f = images[2].Faces[0];
        Assert.Equal((2, 1, 1, false), (f.Blur, f.Expression, f.Occlusion, f.Invalid));
        Assert.True(images[2].Faces[1].Invalid);
    }

    [Fact]
    public void Wider_reader_accepts_zero_count_without_zero_line()
    {
        var images = WiderReader.Read(new StringReader("a.jpg\n0\nb.jpg\n1\n1 2 3 4 0 0 0 0 0 0\n"), "gt.txt");
        Assert.Equal(2, images.Count);
        Assert.Single(images[1].Faces);
    }

    [Theory]
    [InlineData("a.jpg\nseven\n", "gt.txt:2: expected the face count")]
    [InlineData("a.jpg\n2\n1 2 3 4 0 0 0 0 0 0\n", "gt.txt:3: file ends after 1 of 2 faces")]
    [InlineData("a.jpg\n1\n1 2 x 4 0 0 0 0 0 0\n", "gt.txt:3: face 1 of \"a.jpg\"")]
    [InlineData("a.jpg\n", "gt.txt:1: file ends after image path")]
    [InlineData("12\n", "gt.txt:1: expected an image path")]
    public void Wider_reader_reports_malformed_input_with_file_and_line(string text, string expected)
    {
        var e = Assert.Throws<AnnotationFormatException>(() => WiderReader.Read(new StringReader(text), "gt.txt"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Fddb_reader_turns_ellipses_into_boxes()
    {
        const string text = "2002/08/11/big/img_591\n1\n40 30 1.5707963267948966 100 200 1\n2002/08/26/big/img_265\n2\n40 30 0 100 200 1\n10 10 0.3 50 50 1\n";
        var images = FddbReader.Read(new StringReader(text), "fold.txt");
        Assert.Equal("2002/08/11/big/img_591.jpg", images[0].Path);
        var upright = images[0].Faces[0].Box;
        Assert.Equal(70, upright.X, 9);
        Assert.Equal(160, upright.Y, 9);
        Assert.Equal(60, upright.W, 9);
        Assert.Equal(80, upright.H, 9);
        var turned = images[1].Faces[0].Box;
        Assert.Equal(80, turned.W, 9);
        Assert.Equal(60, turned.H, 9);
        var circle = images[1].Faces[1].Box;
        Assert.Equal(new EvalBox(40, 40, 20, 20).W, circle.W, 9);
    }

    [Theory]
    [InlineData("img\n1\n40 30 0\n", "fold.txt:3: ellipse 1")]
    [InlineData("img\n1\n-40 30 0 1 1 1\n", "fold.txt:3: ellipse 1 of \"img\" has a non-positive radius")]
    [InlineData("img\n2\n40 30 0 1 1 1\n", "fold.txt:3: file ends after 1 of 2 ellipses")]
    public void Fddb_reader_reports_malformed_input(string text, string expected)
    {
        var e = Assert.Throws<AnnotationFormatException>(() => FddbReader.Read(new StringReader(text), "fold.txt"));
        Assert.StartsWith(expected, e.Message);
    }

    [Fact]
    public void Landmark_reader_reads_x_then_y()
    {
        var samples = LandmarkReader.Read(new StringReader("AFLW/1.jpg 1 2 3 4 5 6 7 8 9 10\n\n"), "test.txt");
        var s = Assert.Single(samples);
        Assert.Equal("AFLW/1.jpg", s.Path);
        Assert.Equal(new PointF(1, 6), s.Points[0]);
        Assert.Equal(new PointF(5, 10), s.Points[4]);
    }

    [Theory]
    [InlineData("a.jpg 1 2 3\n", "test.txt:1: expected 'path x1..x5 y1..y5' (11 fields), got 4 fields")]
    [InlineData("a.jpg 1 2 3 4 5 6 7 8 9 10\nb.jpg 1 2 3 4 five 6 7 8 9 10\n", "test.txt:2: field 6 \"five\" is not a finite number")]
    [InlineData("a.jpg 1 2 3 4 5 6 7 8 9 NaN\n", "test.txt:1: field 11 \"NaN\" is not a finite number")]
    public void Landmark_reader_reports_malformed_input(string text, string expected)
    {
        var e = Assert.Throws<AnnotationFormatException>(() => LandmarkReader.Read(new StringReader(text), "test.txt"));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Shared_AFLW_test_split_has_2995_faces()
    {
        var samples = LandmarkReader.Read(SharedData.Require("landmarks-5pt/test.txt"));
        Assert.Equal(2995, samples.Count);
        // x1..x5 then y1..y5: with that order the left eye lies left of the right eye in all but a few rotated faces.
        Assert.True(samples.Count(s => s.Points[0].X < s.Points[1].X) > 0.99 * samples.Count);
    }
}
