using MtcnnCuda.Tools.Video;

namespace MtcnnCuda.Tools.Tests;

/// <summary>The video runner's pieces that need no ffmpeg: latency percentiles and frame annotation.</summary>
public sealed class VideoPartsTests
{
    [Fact]
    public void Latency_percentiles_are_nearest_rank_over_the_last_1000_frames()
    {
        var window = new LatencyWindow();
        Assert.True(double.IsNaN(window.Percentiles().P50));
        for (int i = 1; i <= 100; i++) window.Add(i);
        Assert.Equal((50.0, 90.0, 99.0), window.Percentiles());
        for (int i = 0; i < LatencyWindow.Capacity; i++) window.Add(1000); // the first 100 fall out of the window
        Assert.Equal((1000.0, 1000.0, 1000.0), window.Percentiles());
    }

    [Fact]
    public void Annotation_draws_the_box_and_landmarks_into_the_frame_and_clips_at_its_edges()
    {
        int w = 40, h = 30;
        var frame = new byte[w * h * 3];
        var p = new PointF(20, 15);
        var face = new Face(new BoundingBox(10, 5, 50, 25), 0.9f, new FaceLandmarks(p, p, p, p, p)); // x2 beyond the frame
        FrameAnnotator.Draw(frame, w, h, [face]);
        byte[] Pixel(int x, int y) => frame.AsSpan(3 * (y * w + x), 3).ToArray();
        Assert.Equal([0, 255, 0], Pixel(10, 12)); // left edge of the box
        Assert.Equal([0, 255, 0], Pixel(30, 5));  // top edge
        Assert.Equal([0, 0, 0], Pixel(30, 12));   // inside stays untouched
        var right = FaceDrawer.LandmarkColors[4];
        Assert.Equal([right.Red, right.Green, right.Blue], Pixel(20, 15)); // the last landmark drawn wins
    }
}
