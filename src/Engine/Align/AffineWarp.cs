using System.Runtime.InteropServices;

namespace MtcnnCuda.Align;

/// <summary>
/// The CPU warp behind <see cref="FaceAligner"/> (kernels/align_warp.cu computes the same thing on the GPU).
/// Output pixel (u, v) of face n samples the source at (x, y) = M_n·(u, v, 1), M_n the crop→image map as six
/// float32 (A, B, C, D, E, F), evaluated in float32 without fused multiply-adds. Bilinear sampling: x0 = ⌊x⌋,
/// ax = x − x0, v = (p00·(1−ax) + p10·ax)·(1−ay) + (p01·(1−ax) + p11·ax)·ay, where a tap outside the image reads
/// the border value (Constant) or the nearest edge pixel (Replicate). Bytes round half up and clamp to 0..255;
/// floats are (v − mean)·scale.
/// </summary>
internal static class AffineWarp
{
    /// <summary>Crop→image maps as the float32 sextuples the warp evaluates, face after face.</summary>
    public static float[] Pack(ReadOnlySpan<AffineTransform> cropToImage)
    {
        var packed = new float[cropToImage.Length * 6];
        for (int i = 0; i < cropToImage.Length; i++)
        {
            var m = cropToImage[i];
            packed[6 * i] = (float)m.A; packed[6 * i + 1] = (float)m.B; packed[6 * i + 2] = (float)m.C;
            packed[6 * i + 3] = (float)m.D; packed[6 * i + 4] = (float)m.E; packed[6 * i + 5] = (float)m.F;
        }
        return packed;
    }

    /// <summary>Byte offsets, within a source pixel, of the output's three channels in output order.</summary>
    public static (int C0, int C1, int C2) ChannelOffsets(PixelFormat input, AlignOutput output)
    {
        int red = input.IsRedFirst() ? 0 : 2, blue = 2 - red;
        bool rgbOut = output is AlignOutput.Rgb24 or AlignOutput.FloatRgbChw;
        return rgbOut ? (red, 1, blue) : (blue, 1, red);
    }

    public static void Run(PixelView image, ReadOnlySpan<float> packed, AlignOptions options, Span<byte> output)
    {
        int count = packed.Length / 6, ow = options.OutputWidth, oh = options.OutputHeight;
        var (c0, c1, c2) = ChannelOffsets(image.Format, options.Output);
        var sampler = new Sampler(image.Width, image.Height, image.Stride, image.Format.BytesPerPixel(),
            options.Border == AlignBorder.Replicate);
        int plane = ow * oh;
        for (int n = 0; n < count; n++)
        {
            var m = packed.Slice(6 * n, 6);
            var bytes = output.Slice((int)(n * options.BytesPerFace), (int)options.BytesPerFace);
            var floats = options.IsFloat ? MemoryMarshal.Cast<byte, float>(bytes) : default;
            for (int v = 0; v < oh; v++)
            {
                for (int u = 0; u < ow; u++)
                {
                    // Products rounded to float before the sums, as the kernel's __fmul_rn/__fadd_rn do.
                    float x = Add(Add(Mul(m[0], u), Mul(m[1], v)), m[2]);
                    float y = Add(Add(Mul(m[3], u), Mul(m[4], v)), m[5]);
                    var taps = sampler.Locate(x, y);
                    float r = taps.Sample(image.Pixels, c0, options.BorderValue);
                    float g = taps.Sample(image.Pixels, c1, options.BorderValue);
                    float b = taps.Sample(image.Pixels, c2, options.BorderValue);
                    int o = v * ow + u;
                    if (options.IsFloat)
                    {
                        floats[o] = Mul(r - options.Mean, options.Scale);
                        floats[plane + o] = Mul(g - options.Mean, options.Scale);
                        floats[2 * plane + o] = Mul(b - options.Mean, options.Scale);
                    }
                    else
                    {
                        bytes[3 * o] = ToByte(r);
                        bytes[3 * o + 1] = ToByte(g);
                        bytes[3 * o + 2] = ToByte(b);
                    }
                }
            }
        }
    }

    public static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Floor(v + 0.5f), 0, 255);

    // RyuJIT never contracts scalar a*b+c into an FMA by itself; these name the rounding steps the kernel's
    // __fmul_rn/__fadd_rn reproduce.
    private static float Mul(float a, float b) => a * b;

    private static float Add(float a, float b) => a + b;

    /// <summary>Where the four bilinear taps of one output pixel read (byte offsets, −1 = the border value) and their weights.</summary>
    private readonly struct Taps(int o00, int o10, int o01, int o11, float ax, float ay)
    {
        public float Sample(ReadOnlySpan<byte> pixels, int channel, float border)
        {
            float p00 = o00 < 0 ? border : pixels[o00 + channel], p10 = o10 < 0 ? border : pixels[o10 + channel];
            float p01 = o01 < 0 ? border : pixels[o01 + channel], p11 = o11 < 0 ? border : pixels[o11 + channel];
            float top = Add(Mul(p00, 1f - ax), Mul(p10, ax));
            float bottom = Add(Mul(p01, 1f - ax), Mul(p11, ax));
            return Add(Mul(top, 1f - ay), Mul(bottom, ay));
        }
    }

    private readonly struct Sampler(int width, int height, int stride, int bpp, bool replicate)
    {
        public Taps Locate(float x, float y)
        {
            // Beyond one pixel outside, every tap is outside (Constant) or on the edge (Replicate): clamping there
            // changes nothing and keeps the integer conversion in range.
            x = Math.Clamp(x, -1f, width);
            y = Math.Clamp(y, -1f, height);
            float xf = MathF.Floor(x), yf = MathF.Floor(y);
            int x0 = (int)xf, y0 = (int)yf;
            return new Taps(Offset(x0, y0), Offset(x0 + 1, y0), Offset(x0, y0 + 1), Offset(x0 + 1, y0 + 1), x - xf, y - yf);
        }

        private int Offset(int x, int y)
        {
            if ((uint)x >= (uint)width || (uint)y >= (uint)height)
            {
                if (!replicate) return -1;
                x = Math.Clamp(x, 0, width - 1);
                y = Math.Clamp(y, 0, height - 1);
            }
            return y * stride + x * bpp;
        }
    }
}
