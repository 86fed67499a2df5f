using MtcnnCuda.Trainer.Data;

namespace MtcnnCuda.Trainer.Tests;

public class ComposerTests
{
    [Fact]
    public void Composed_set_pastes_crops_at_the_annotated_boxes()
    {
        using var data = new SyntheticFaces(images: 0, landmarkFaces: 3);
        string output = Path.Combine(data.Root, "composed");
        var result = DetectionSetComposer.Compose(data.LandmarkList, null, output, count: 4, seed: 9);
        Assert.Equal(4, result.Images);
        var images = WiderFaceReader.Read(result.Annotations).ToList();
        Assert.Equal(4, images.Count);
        Assert.Equal(result.Faces, images.Sum(i => i.Faces.Length));
        foreach (var annotated in images)
        {
            Assert.NotEmpty(annotated.Faces);
            var image = ImageLoader.Load(Path.Combine(output, annotated.Path));
            foreach (var face in annotated.Faces)
            {
                Assert.True(face.X >= 0 && face.Y >= 0 && face.X2 <= image.Width && face.Y2 <= image.Height);
                Assert.Equal(face.W, face.H);
                // The drawn face's left eye (dark) sits at 32 % / 38 % of the pasted crop.
                int x = (int)(face.X + 0.32f * face.W), y = (int)(face.Y + 0.38f * face.H);
                float v = (image.Data[y * image.Width + x] + image.Data[image.Width * image.Height + y * image.Width + x]) / 2;
                Assert.True(v < 110, $"no dark eye at ({x}, {y}) of {annotated.Path}: {v}");
            }
        }
    }
}
