using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Tests;

public class ReaderTests
{
    [Fact]
    public void WIDER_ground_truth_is_parsed_with_empty_images_and_invalid_faces()
    {
        const string text = """
            0--Parade/0_Parade_marchingband_1_849.jpg
            1
            449 330 122 149 0 0 0 0 0 0 
            0--Parade/0_Parade_Parade_0_904.jpg
            0
            0 0 0 0 0 0 0 0 0 0 
            1--Handshaking/1_x.jpg
            3
            10 20 30 40 1 0 0 0 0 0
            50 60 5 6 0 0 0 0 0 0
            70 80 20 20 0 0 0 1 0 0
            """;
        var images = WiderFaceReader.Read(new StringReader(text), "test", minSide: 10).ToList();
        Assert.Equal(3, images.Count);
        Assert.Equal("0--Parade/0_Parade_marchingband_1_849.jpg", images[0].Path);
        Assert.Equal(new FaceBox(449, 330, 122, 149), images[0].Faces.Single());
        Assert.Empty(images[1].Faces);
        // The 5×6 face is below minSide, the last one is marked invalid.
        Assert.Equal(new FaceBox(10, 20, 30, 40), images[2].Faces.Single());
    }

    [Fact]
    public void Seeds_one_line_format_is_parsed_and_gets_jpg_extension()
    {
        var images = WiderFaceReader.Read(new StringReader("0--Parade/a 448.51 329.63 570.09 478.23 10 10 30 40\n"), "test").ToList();
        Assert.Equal("0--Parade/a.jpg", images[0].Path);
        Assert.Equal(2, images[0].Faces.Length);
        Assert.Equal(448.51f, images[0].Faces[0].X, 3);
        Assert.Equal(478.23f - 329.63f, images[0].Faces[0].H, 3);
    }

    [Fact]
    public void Malformed_ground_truth_gives_a_clear_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => WiderFaceReader.Read(new StringReader("a.jpg\nmany\n"), "gt.txt").ToList());
        Assert.Contains("gt.txt:2", e.Message);
        Assert.Throws<InvalidDataException>(() => WiderFaceReader.Read(new StringReader("a.jpg\n2\n1 2 3 4 0 0 0 0 0 0\n"), "gt.txt").ToList());
    }

    [Fact]
    public void Landmark_lists_in_both_formats_are_parsed()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path,
            [
                "lfw_5590/A.jpg 34 47 40 34 45 34.8 36.2 46 50.8 52",
                @"lfw_5590\B.jpg 84 161 92 169 106.25 107.75 146.75 112.25 125.25 142.75 105.25 157.75 139.75 161.75",
            ]);
            var faces = LandmarkListReader.Read(path, _ => (80, 80)).ToList();
            Assert.Equal(new FaceBox(0, 0, 80, 80), faces[0].Box);
            Assert.Equal([34f, 47f, 40f, 34f, 45f], faces[0].PointsX);
            Assert.Equal(52f, faces[0].PointsY[4]);
            Assert.Equal("lfw_5590/B.jpg", faces[1].Path);
            Assert.Equal(new FaceBox(84, 92, 77, 77), faces[1].Box);
            Assert.Equal([106.25f, 146.75f, 125.25f, 105.25f, 139.75f], faces[1].PointsX);
            Assert.Equal([107.75f, 112.25f, 142.75f, 157.75f, 161.75f], faces[1].PointsY);
            File.WriteAllLines(path, ["x.jpg 1 2 3"]);
            Assert.Throws<InvalidDataException>(() => LandmarkListReader.Read(path, _ => (80, 80)).ToList());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_shared_landmark_lists_are_readable()
    {
        string list = SharedData.Require("landmarks-5pt/test.txt");
        string root = Path.GetDirectoryName(list)!;
        var first = LandmarkListReader.Read(list, p => ImageLoader.Size(Path.Combine(root, p))).Take(3).ToList();
        Assert.Equal(new FaceBox(0, 0, 80, 80), first[0].Box);
        Assert.True(first[0].PointsX[0] < first[0].PointsX[1], "left eye is left of the right eye");
    }

    [Fact]
    public void IoU_of_boxes()
    {
        var a = new FaceBox(0, 0, 10, 10);
        Assert.Equal(1f, a.IoU(a));
        Assert.Equal(0f, a.IoU(new FaceBox(10, 0, 10, 10)));
        Assert.Equal(50f / 150f, a.IoU(new FaceBox(5, 0, 10, 10)), 5);
    }
}
