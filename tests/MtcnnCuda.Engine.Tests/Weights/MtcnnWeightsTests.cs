using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.WeightsFile;

public class MtcnnWeightsTests
{
    private static WeightsFormatException Invalid(Dictionary<string, Tensor> tensors, Dictionary<string, string>? meta = null) =>
        Assert.Throws<WeightsFormatException>(() => new MtcnnWeights(tensors, meta ?? TestWeights.FullMetadata(), "w.safetensors"));

    [Fact]
    public void Random_weights_validate_and_round_trip_through_a_file()
    {
        var weights = TestWeights.Random(3);
        var path = Path.Combine(Path.GetTempPath(), $"w-{Guid.NewGuid():N}.safetensors");
        try
        {
            weights.Save(path);
            var back = MtcnnWeights.Load(path);
            Assert.Equal(weights.Tensors.Keys.Order(), back.Tensors.Keys.Order());
            foreach (var (name, t) in weights.Tensors) Assert.Equal(t.Data, back[name].Data);
            Assert.Equal("RGB", back.ChannelOrder);
            Assert.Equal(FlattenOrder.Nwhc, back.Flatten);
            Assert.Equal(127.5f, back.PixelMean);
            Assert.Equal(0.0078125f, back.PixelScale);
            Assert.True(back.HasPNetLandmarks);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_tensor_is_named()
    {
        var t = TestWeights.RandomTensors(1);
        t.Remove("onet.dense6_3.bias");
        Assert.Equal("onet.dense6_3.bias", Invalid(t).Tensor);
    }

    [Fact]
    public void Unknown_tensor_is_named()
    {
        var t = TestWeights.RandomTensors(1);
        t["onet.dense7.weight"] = new([1], [0f]);
        var e = Invalid(t);
        Assert.Equal("onet.dense7.weight", e.Tensor);
        Assert.Contains("not a parameter", e.Message);
    }

    [Fact]
    public void Wrong_shape_is_named_with_both_shapes()
    {
        var t = TestWeights.RandomTensors(1);
        t["rnet.conv2.weight"] = new([48, 28, 2, 2], new float[48 * 28 * 4]);
        var e = Invalid(t);
        Assert.Equal("rnet.conv2.weight", e.Tensor);
        Assert.Contains("[48, 28, 2, 2]", e.Message);
        Assert.Contains("[48, 28, 3, 3]", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Non_finite_values_are_rejected(float bad)
    {
        var t = TestWeights.RandomTensors(1);
        t["pnet.prelu2.weight"].Data[3] = bad;
        Assert.Equal("pnet.prelu2.weight", Invalid(t).Tensor);
    }

    [Fact]
    public void Optional_head_needs_both_weight_and_bias()
    {
        var t = TestWeights.RandomTensors(1);
        t.Remove("pnet.conv4_3.bias");
        Assert.Contains("partner", Invalid(t).Message);
    }

    [Fact]
    public void Optional_landmark_heads_may_be_absent()
    {
        var w = new MtcnnWeights(TestWeights.RandomTensors(1, landmarkHeads: false), TestWeights.FullMetadata());
        Assert.False(w.HasPNetLandmarks);
        Assert.False(w.HasRNetLandmarks);
    }

    [Theory]
    [InlineData("format", "other", "not 'mtcnn-cuda-weights'")]
    [InlineData("format_version", "9", "not supported")]
    [InlineData("channel_order", "GRB", "RGB or BGR")]
    [InlineData("pixel_scale", "abc", "not a finite number")]
    [InlineData("pixel_scale", "0", "must not be zero")]
    [InlineData("flatten", "nhwc", "nwhc or nchw")]
    public void Bad_metadata_is_rejected(string key, string value, string expected)
    {
        var meta = TestWeights.FullMetadata();
        meta[key] = value;
        Assert.Contains(expected, Invalid(TestWeights.RandomTensors(1), meta).Message);
    }

    [Fact]
    public void Missing_convention_metadata_is_rejected()
    {
        var meta = TestWeights.FullMetadata();
        meta.Remove("channel_order");
        Assert.Contains("lacks 'channel_order'", Invalid(TestWeights.RandomTensors(1), meta).Message);
    }

    [Fact]
    public void Nwhc_dense_weights_are_reordered_to_plain_flatten()
    {
        var nwhc = TestWeights.Random(5, "nwhc");
        var nchw = TestWeights.Random(5, "nchw");
        var raw = nwhc["rnet.dense4.weight"].Data;
        var reordered = nwhc.FirstDenseWeightNchw(NetKind.RNet);
        // Column (c, h, w) of the plain order is column (w, h, c) of the file's order: C=64, H=W=3.
        for (int o = 0; o < 128; o += 37)
            for (int c = 0; c < 64; c += 7)
                for (int y = 0; y < 3; y++)
                    for (int x = 0; x < 3; x++)
                        Assert.Equal(raw[o * 576 + (x * 3 + y) * 64 + c], reordered[o * 576 + (c * 3 + y) * 3 + x]);
        Assert.Equal(nchw["onet.dense5.weight"].Data, nchw.FirstDenseWeightNchw(NetKind.ONet));
    }

    [Fact]
    public void Reference_weights_load_with_the_original_conventions()
    {
        var w = MtcnnWeights.Load(SharedData.ReferenceWeights);
        Assert.Equal("RGB", w.ChannelOrder);
        Assert.Equal(FlattenOrder.Nwhc, w.Flatten);
        Assert.False(w.HasPNetLandmarks);
        var meta = w.CompleteMetadata();
        Assert.Equal(WeightsMetadata.FormatValue, meta[WeightsMetadata.Format]);
        Assert.Contains("facenet-pytorch", meta[WeightsMetadata.Provenance]);
    }

}
