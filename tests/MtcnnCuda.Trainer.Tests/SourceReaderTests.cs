using System.Xml.Linq;
using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Tests;

public class SourceReaderTests
{
    [Fact]
    public void FDDB_ellipses_become_their_bounding_rectangles()
    {
        const string text = """
            2002/08/11/big/img_591
            1
            40 20 0 100 200  1
            2002/08/26/big/img_265
            2
            40.000000 20.000000 1.5707963 300 100  1
            30 30 0.7 50 60 1

            """;
        var images = FddbReader.Read(new StringReader(text), "fold").ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal("originalPics/2002/08/11/big/img_591.jpg", images[0].Path);
        // Angle 0: the major axis lies along x.
        AssertBox(new FaceBox(60, 180, 80, 40), images[0].Faces.Single());
        // Angle π/2: the major axis stands upright (FDDB's usual case).
        AssertBox(new FaceBox(280, 60, 40, 80), images[1].Faces[0]);
        // A circle is a circle whatever the angle.
        AssertBox(new FaceBox(20, 30, 60, 60), images[1].Faces[1]);
    }

    [Fact]
    public void Malformed_FDDB_lists_name_the_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => FddbReader.Read(new StringReader("img\nmany\n"), "fold-01").ToList());
        Assert.Contains("fold-01:2", e.Message);
        e = Assert.Throws<InvalidDataException>(() => FddbReader.Read(new StringReader("img\n2\n1 2 3 4 5 1\n"), "fold-01").ToList());
        Assert.Contains("lists 2 faces", e.Message);
        Assert.Throws<InvalidDataException>(() => FddbReader.Read(new StringReader("img\n1\n1 2 x 4 5 1\n"), "fold-01").ToList());
    }

    [Fact]
    public void VOC_objects_are_faces_whatever_their_class()
    {
        var xml = XDocument.Parse("""
            <annotation><filename>a.jpg</filename>
              <object><name>con_mascarilla</name><bndbox><xmin>79</xmin><ymin>105</ymin><xmax>109</xmax><ymax>142</ymax></bndbox></object>
              <object><name>sin_mascarilla</name><bndbox><xmin>1.5</xmin><ymin>2</ymin><xmax>11.5</xmax><ymax>22</ymax></bndbox></object>
            </annotation>
            """);
        var image = VocReader.Read(xml, "a.xml");
        Assert.Equal("images/a.jpg", image.Path);
        Assert.Equal([new FaceBox(79, 105, 30, 37), new FaceBox(1.5f, 2, 10, 20)], image.Faces);
        var bad = XDocument.Parse("<annotation><filename>a.jpg</filename><object><bndbox><xmin>5</xmin><ymin>5</ymin><xmax>3</xmax><ymax>9</ymax></bndbox></object></annotation>");
        Assert.Contains("empty box", Assert.Throws<InvalidDataException>(() => VocReader.Read(bad, "b.xml")).Message);
    }

    [Fact]
    public void Net7876_lists_read_the_box_as_left_right_top_bottom()
    {
        string root = Path.Combine(Path.GetTempPath(), $"mtcnn-net7876-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "net-7876"));
        try
        {
            File.WriteAllText(Path.Combine(root, "net-7876", "train.txt"),
                "images/0_0_0.jpg 52 154 47.5 149.5 75.5 73.5 123 74 104.5 97 80.5 118.5 117.5 117.5\n");
            var source = new DataSplits(root).Net7876List("train.txt");
            Assert.False(source.CompleteAnnotation);
            var face = source.Images.Single();
            Assert.Equal("images/0_0_0.jpg", face.Path);
            Assert.Equal(new FaceBox(52, 47.5f, 102, 102), face.Faces.Single());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Real_sources_have_the_documented_sizes_and_every_image_exists()
    {
        SharedData.Require("fddb/FDDB-folds/FDDB-fold-08-ellipseList.txt");
        SharedData.Require("face-mask/annotations/maksssksksss0.xml");
        SharedData.Require("net-7876/test.txt");
        var splits = new DataSplits(SharedData.Root!);
        var fddb = splits.FddbFolds(Enumerable.Range(1, 8));
        Assert.Equal(2241, fddb.Images.Count);
        var mask = splits.FaceMaskAll();
        Assert.Equal(853, mask.Images.Count);
        Assert.Equal(4072, mask.Images.Sum(i => i.Faces.Length));
        Assert.Equal(5849, splits.Net7876List("train.txt").Images.Count);
        Assert.Equal(2027, splits.Net7876List("test.txt").Images.Count);
        foreach (var source in new[] { fddb, mask, splits.Net7876List("train.txt") })
        {
            Assert.All(source.Images, i => Assert.True(File.Exists(Path.Combine(source.Root, i.Path)), $"{source.Name}: {i.Path} is missing"));
            Assert.All(source.Images.SelectMany(i => i.Faces), f => Assert.True(f.W > 0 && f.H > 0));
        }
    }

    private static void AssertBox(FaceBox expected, FaceBox actual)
    {
        Assert.Equal(expected.X, actual.X, 3);
        Assert.Equal(expected.Y, actual.Y, 3);
        Assert.Equal(expected.W, actual.W, 3);
        Assert.Equal(expected.H, actual.H, 3);
    }
}
