using MtcnnCuda.Cpu;

namespace MtcnnCuda.Tests.Cpu;

/// <summary><see cref="DirectConv"/> against a naive loop written from the definition, on every tile shape and tail.</summary>
public class DirectConvTests
{
    private static float[] Random(Random r, int n) => Enumerable.Range(0, n).Select(_ => r.NextSingle() * 2 - 1).ToArray();

    /// <summary>Valid k×k conv + PReLU on a channels-last map with channel stride ldc ≥ cin, output stride N8.</summary>
    private static float[] Naive(float[] input, int h, int w, int ldc, int cin, float[] weight, float[] bias, float[] alpha, int cout, int k, int n8)
    {
        int oh = h - k + 1, ow = w - k + 1;
        var output = new float[oh * ow * n8];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
                for (int co = 0; co < cout; co++)
                {
                    double acc = bias[co];
                    for (int ci = 0; ci < cin; ci++)
                        for (int ky = 0; ky < k; ky++)
                            for (int kx = 0; kx < k; kx++)
                                acc += weight[((co * cin + ci) * k + ky) * k + kx] * input[((y + ky) * w + x + kx) * ldc + ci];
                    float v = (float)acc;
                    output[(y * ow + x) * n8 + co] = v >= 0 ? v : v * alpha[co];
                }
        return output;
    }

    [Theory]
    [InlineData(3, 3, 10, 3, 14, 31)]    // PNet conv1: 16-column tile, row tail of 5
    [InlineData(10, 16, 16, 3, 9, 13)]   // PNet conv2 on a padded channel stride
    [InlineData(16, 16, 32, 3, 5, 20)]   // two 16-column tiles
    [InlineData(28, 32, 48, 3, 11, 11)]  // RNet conv2: 16 + 16 + 16
    [InlineData(32, 32, 6, 1, 3, 7)]     // PNet heads: one 8-column tile, 1×1
    [InlineData(48, 48, 64, 2, 4, 4)]    // 3-wide rows (tile mostly repeated rows)
    [InlineData(5, 8, 20, 3, 3, 3)]      // 16 + 8 columns, a single output pixel per row
    public void Matches_naive_convolution(int cin, int ldc, int cout, int k, int h, int w)
    {
        var r = new Random(cin * 131 + cout * 7 + w);
        var weight = Random(r, cout * cin * k * k);
        var bias = Random(r, cout);
        var alpha = Random(r, cout);
        var layer = new PackedConv(weight, bias, alpha, cout, cin, k);
        var input = Random(r, h * w * ldc);
        var expected = Naive(input, h, w, ldc, cin, weight, bias, alpha, cout, k, layer.N8);
        int oh = h - k + 1, ow = w - k + 1;
        var actual = new float[oh * ow * layer.N8];
        var offsets = new int[layer.K];
        DirectConv.PatchOffsets(k, cin, ldc, w * ldc, offsets);
        for (int y = 0; y < oh; y++) DirectConv.Run(input, y * w * ldc, ldc, offsets, ow, layer, actual, y * ow * layer.N8, layer.N8);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-5f * MathF.Abs(expected[i]), $"[{i}]: naive {expected[i]}, direct {actual[i]}");
    }

    [Fact]
    public void Dense_over_a_batch_equals_one_sample_at_a_time()
    {
        var r = new Random(5);
        int inputs = 40, outputs = 20, count = 13;
        var layer = new PackedConv(Random(r, outputs * inputs), Random(r, outputs), Random(r, outputs), outputs, inputs, 1);
        var batch = Random(r, count * inputs);
        var offsets = new int[inputs];
        DirectConv.DenseOffsets(offsets);
        var all = new float[count * layer.N8];
        DirectConv.Run(batch, 0, inputs, offsets, count, layer, all, 0, layer.N8);
        for (int i = 0; i < count; i++)
        {
            var one = new float[layer.N8];
            DirectConv.Run(batch, i * inputs, inputs, offsets, 1, layer, one, 0, layer.N8);
            Assert.Equal(one, all.AsSpan(i * layer.N8, layer.N8).ToArray());
        }
    }

    [Fact]
    public void Spans_too_small_for_the_rows_are_rejected()
    {
        var layer = new PackedConv(new float[8 * 4], new float[8], null, 8, 4, 1);
        var offsets = new int[] { 0, 1, 2, 3 };
        var ex = Assert.Throws<ArgumentException>(() => DirectConv.Run(new float[10], 0, 4, offsets, 3, layer, new float[24], 0, 8));
        Assert.Contains("input", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => DirectConv.Run(new float[12], 0, 4, offsets, 3, layer, new float[20], 0, 8));
        Assert.Contains("output", ex.Message);
    }
}
