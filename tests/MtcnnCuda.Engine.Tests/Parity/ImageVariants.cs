namespace MtcnnCuda.Tests.Parity;

/// <summary>Variants of an RGB24 test photo (mirrored, half size, grey, a collage) and a PPM writer any peer can read.</summary>
internal static class ImageVariants
{
    public static ImageData Mirrored(ImageData image)
    {
        int w = image.Width, h = image.Height;
        var src = image.Pixels.Span;
        var dst = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++) dst[(y * w + x) * 3 + c] = src[(y * w + (w - 1 - x)) * 3 + c];
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }

    /// <summary>Each output pixel is the rounded mean of a 2×2 block.</summary>
    public static ImageData Half(ImageData image)
    {
        int w = image.Width / 2, h = image.Height / 2, sw = image.Width;
        var src = image.Pixels.Span;
        var dst = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                {
                    int s = src[((2 * y) * sw + 2 * x) * 3 + c] + src[((2 * y) * sw + 2 * x + 1) * 3 + c]
                        + src[((2 * y + 1) * sw + 2 * x) * 3 + c] + src[((2 * y + 1) * sw + 2 * x + 1) * 3 + c];
                    dst[(y * w + x) * 3 + c] = (byte)((s + 2) / 4);
                }
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }

    /// <summary>Luma (integer BT.601 weights) in all three channels.</summary>
    public static ImageData Grey(ImageData image)
    {
        var src = image.Pixels.Span;
        var dst = new byte[src.Length];
        for (int i = 0; i < src.Length; i += 3)
        {
            byte v = (byte)((299 * src[i] + 587 * src[i + 1] + 114 * src[i + 2] + 500) / 1000);
            dst[i] = dst[i + 1] = dst[i + 2] = v;
        }
        return new ImageData(dst, image.Width, image.Height, PixelFormat.Rgb24);
    }

    /// <summary>Two images side by side on a black canvas as tall as the taller one.</summary>
    public static ImageData SideBySide(ImageData left, ImageData right)
    {
        int w = left.Width + right.Width, h = Math.Max(left.Height, right.Height);
        var dst = new byte[w * h * 3];
        void Blit(ImageData img, int x0)
        {
            var src = img.Pixels.Span;
            for (int y = 0; y < img.Height; y++)
                src.Slice(y * img.Width * 3, img.Width * 3).CopyTo(dst.AsSpan((y * w + x0) * 3));
        }
        Blit(left, 0);
        Blit(right, left.Width);
        return new ImageData(dst, w, h, PixelFormat.Rgb24);
    }

    /// <summary>Binary PPM (P6): lossless and readable by PIL without an encoder library here.</summary>
    public static void WritePpm(ImageData image, string path)
    {
        using var file = File.Create(path);
        file.Write(System.Text.Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n"));
        file.Write(image.Pixels.Span);
    }
}
