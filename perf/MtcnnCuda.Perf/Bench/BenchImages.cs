using MtcnnCuda.Perf.Common;

namespace MtcnnCuda.Perf.Bench;

/// <summary>A named benchmark input size.</summary>
public readonly record struct BenchSize(string Name, int Width, int Height)
{
    public static readonly BenchSize[] Standard =
    [
        new("vga", 640, 480), new("720p", 1280, 720), new("1080p", 1920, 1080), new("4k", 3840, 2160),
    ];

    public static BenchSize Parse(string name) =>
        Standard.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Name: not null } s
            ? s
            : throw new ArgumentException($"Unknown size \"{name}\"; expected one of {string.Join(", ", Standard.Select(x => x.Name))}.");
}

/// <summary>
/// Benchmark inputs: a real photo (multiface.jpg, 1200×630, six frontal faces) stretched to each size, so the later
/// stages see realistic candidate counts; or, when no photo is available, a deterministic synthetic image (smooth
/// shapes plus noise) — it yields few candidates, so RNet/ONet time is understated and reports say which was used.
/// </summary>
public static class BenchImages
{
    public static (ImageData Image, string Source) Make(BenchSize size, string? photoPath)
    {
        if (photoPath is not null)
        {
            var photo = RgbImage.Load(photoPath);
            // A photo already at the case's size is used as is (peers timed on the same file see the same pixels).
            if (photo.Width == size.Width && photo.Height == size.Height) return (photo, $"{Path.GetFileName(photoPath)} ({photo.Width}×{photo.Height})");
            return (RgbImage.Resize(photo, size.Width, size.Height), $"{Path.GetFileName(photoPath)} ({photo.Width}×{photo.Height}) stretched to {size.Width}×{size.Height}");
        }
        return (Synthetic(size.Width, size.Height, seed: 12345), $"synthetic {size.Width}×{size.Height} (seed 12345)");
    }

    public static ImageData Synthetic(int width, int height, int seed)
    {
        var random = new Random(seed);
        var rgb = new byte[width * height * 3];
        // Low-frequency blobs give PNet some structure to respond to; noise keeps the image from being flat.
        var blobs = Enumerable.Range(0, 24).Select(_ => (X: random.NextDouble() * width, Y: random.NextDouble() * height,
            R: (0.03 + random.NextDouble() * 0.12) * Math.Min(width, height), C: random.Next(60, 230))).ToArray();
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double v = 90 + 60.0 * x / width;
                foreach (var b in blobs)
                {
                    double d2 = ((x - b.X) * (x - b.X) + (y - b.Y) * (y - b.Y)) / (b.R * b.R);
                    if (d2 < 1) v = b.C * (1 - 0.3 * d2);
                }
                int o = 3 * (y * width + x);
                for (int c = 0; c < 3; c++) rgb[o + c] = (byte)Math.Clamp(v * (0.8 + 0.15 * c) + random.Next(-12, 13), 0, 255);
            }
        return new ImageData(rgb, width, height, PixelFormat.Rgb24);
    }
}
