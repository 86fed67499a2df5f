using System.Diagnostics;
using System.Text.Json;

namespace MtcnnCuda.Tests.Parity;

/// <summary>
/// EdgeMode.Clip promises facenet-pytorch's cascade. This runs the real facenet-pytorch MTCNN (../shared/peers/
/// facenet-pytorch/peer.py under Debian's python3 with python3-torch) on variants of the test photo and requires
/// exactly its faces: same count, boxes and landmarks within 1e-3 px, scores within 1e-4. Skips with the reason
/// when the data, the peer or PyTorch is absent.
/// </summary>
public class FacenetPytorchParityTests
{
    private const string Python = "/usr/bin/python3";
    private const float Pixels = 1e-3f;

    [Fact]
    public void Clip_mode_finds_the_faces_facenet_pytorch_finds()
    {
        var photo = TestImages.LoadRgb(SharedData.Multiface);
        string peer = Path.GetFullPath(Path.Combine(SharedData.Root!, "..", "peers", "facenet-pytorch", "peer.py"));
        Assert.SkipUnless(File.Exists(peer), $"facenet-pytorch peer not found at {peer}");
        Assert.SkipUnless(File.Exists(Python) && Run(Python, "-c \"import torch, torchvision, PIL\"", out _) == 0,
            "PyTorch is not installed for /usr/bin/python3 (apt-get install python3-torch python3-torchvision python3-pil)");

        var half = ImageVariants.Half(photo);
        var variants = new (string Name, ImageData Image)[]
        {
            ("original", photo), ("mirrored", ImageVariants.Mirrored(photo)), ("half", half), ("grey", ImageVariants.Grey(photo)),
            ("grey-half", ImageVariants.Grey(half)), ("mirrored-half", ImageVariants.Mirrored(half)),
            ("collage", ImageVariants.SideBySide(half, ImageVariants.Mirrored(ImageVariants.Grey(half)))),
            ("collage-wide", ImageVariants.SideBySide(photo, half)),
        };
        string folder = Directory.CreateTempSubdirectory("mtcnn-parity-").FullName;
        try
        {
            var paths = variants.Select(v => Path.Combine(folder, v.Name + ".ppm")).ToArray();
            for (int i = 0; i < variants.Length; i++) ImageVariants.WritePpm(variants[i].Image, paths[i]);
            int rc = Run(Python, $"\"{peer}\" detect --min-face 20 " + string.Join(" ", paths.Select(p => $"\"{p}\"")), out string json);
            Assert.True(rc == 0, $"peer.py failed ({rc}): {json}");
            var expected = JsonDocument.Parse(json).RootElement;

            using var detector = FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { EdgeMode = EdgeMode.Clip, MinFaceSize = 20 });
            int total = 0;
            for (int i = 0; i < variants.Length; i++)
            {
                var theirs = expected[i].GetProperty("faces").EnumerateArray().ToList();
                var ours = detector.Detect(variants[i].Image);
                string name = variants[i].Name;
                Assert.True(theirs.Count == ours.Count, $"{name}: facenet-pytorch found {theirs.Count} faces, we found {ours.Count}");
                var unmatched = ours.ToList();
                foreach (var face in theirs)
                {
                    var box = face.GetProperty("box").EnumerateArray().Select(v => v.GetSingle()).ToArray();
                    var match = unmatched.MinBy(f => Math.Abs(f.Box.X1 - box[0]) + Math.Abs(f.Box.Y1 - box[1]) + Math.Abs(f.Box.X2 - box[2]) + Math.Abs(f.Box.Y2 - box[3]))!;
                    unmatched.Remove(match);
                    float[] mine = [match.Box.X1, match.Box.Y1, match.Box.X2, match.Box.Y2];
                    for (int k = 0; k < 4; k++)
                        Assert.True(Math.Abs(mine[k] - box[k]) <= Pixels, $"{name}: box [{string.Join(", ", box)}] vs ours [{string.Join(", ", mine)}]");
                    Assert.True(Math.Abs(match.Confidence - face.GetProperty("confidence").GetSingle()) <= 1e-4f, $"{name}: confidence");
                    var marks = face.GetProperty("landmarks").EnumerateArray().ToList();
                    for (int k = 0; k < 5; k++)
                    {
                        var p = match.Landmarks[k];
                        float x = marks[k][0].GetSingle(), y = marks[k][1].GetSingle();
                        Assert.True(Math.Abs(p.X - x) <= Pixels && Math.Abs(p.Y - y) <= Pixels, $"{name}: landmark {k} ({x}, {y}) vs ours ({p.X}, {p.Y})");
                    }
                }
                total += theirs.Count;
            }
            Assert.True(total >= 30, $"only {total} faces over {variants.Length} images: the variants no longer exercise the cascade");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int Run(string file, string arguments, out string stdout)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) stdout += error.Result;
        return process.ExitCode;
    }
}
