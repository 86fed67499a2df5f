using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace MtcnnCuda.Imaging.Tests;

/// <summary>Builds test image files in memory with SkiaSharp, or byte by byte where Skia cannot write the variant.</summary>
public static class TestImageFiles
{
    public static readonly SKColor Red = new(255, 0, 0), Green = new(0, 255, 0), Blue = new(0, 0, 255), Yellow = new(255, 255, 0);

    /// <summary>A W×H image with four solid quadrants: top-left red, top-right green, bottom-left blue, bottom-right yellow.</summary>
    public static SKBitmap Quadrants(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using var canvas = new SKCanvas(bitmap);
        int hw = width / 2, hh = height / 2;
        using var paint = new SKPaint();
        foreach (var (color, x, y, w, h) in new[] { (Red, 0, 0, hw, hh), (Green, hw, 0, width - hw, hh), (Blue, 0, hh, hw, height - hh), (Yellow, hw, hh, width - hw, height - hh) })
        {
            paint.Color = color;
            canvas.DrawRect(x, y, w, h, paint);
        }
        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"Skia could not encode {format}.");
        return data.ToArray();
    }

    /// <summary>Deterministic noise (so a JPEG of it is long enough to truncate meaningfully).</summary>
    public static SKBitmap Noise(int width, int height, int seed)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var bytes = new byte[width * height * 4];
        new Random(seed).NextBytes(bytes);
        for (int i = 3; i < bytes.Length; i += 4) bytes[i] = 255;
        Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        return bitmap;
    }

    /// <summary>
    /// Inserts an EXIF APP1 segment right after the JPEG's SOI marker holding only IFD0 tag 0x0112 (Orientation).
    /// Layout: "Exif\0\0", little-endian TIFF header, one IFD entry (SHORT, count 1), next-IFD offset 0.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) throw new ArgumentException("Not a JPEG (no SOI marker).");
        var tiff = new byte[8 + 2 + 12 + 4];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);       // IFD0 offset
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1);       // one entry
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(10), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(12), 3);      // SHORT
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(14), 1);      // count
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(18), (ushort)orientation);
        // bytes 22..25: next IFD offset 0
        byte[] payload = [.. "Exif\0\0"u8, .. tiff];
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [0xFF, 0xD8, .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>
    /// A 16-bit-per-channel RGB PNG (colour type 2, bit depth 16), written by hand: Skia cannot encode one.
    /// <paramref name="samples"/> holds width×height×3 values, row by row.
    /// </summary>
    public static byte[] Png16Rgb(int width, int height, ushort[] samples)
    {
        var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (int i = 0; i < width * 3; i++)
            {
                ushort v = samples[y * width * 3 + i];
                raw.WriteByte((byte)(v >> 8));
                raw.WriteByte((byte)v);
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 16; // bit depth
        ihdr[9] = 2;  // colour type RGB; compression, filter, interlace 0
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        WriteChunk(png, "IHDR", ihdr);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG whose header claims a zero width (invalid, and must be rejected).</summary>
    public static byte[] PngZeroWidth()
    {
        var valid = Png16Rgb(1, 1, [0, 0, 0]);
        var ihdr = valid.AsSpan(16, 13).ToArray();
        BinaryPrimitives.WriteInt32BigEndian(ihdr, 0);
        var png = new MemoryStream();
        png.Write(valid.AsSpan(0, 8));
        WriteChunk(png, "IHDR", ihdr);
        png.Write(valid.AsSpan(8 + 25)); // the original IDAT and IEND chunks
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = new byte[4 + data.Length];
        for (int i = 0; i < 4; i++) typed[i] = (byte)type[i];
        data.CopyTo(typed, 4);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    /// <summary>The CRC-32 (ISO-HDLC, as PNG uses) of <paramref name="data"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
