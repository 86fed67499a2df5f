using System.Globalization;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Onnx;

/// <summary>
/// Exports PNet, RNet and ONet as ONNX models (opset 13) that compute exactly the engine's forward passes
/// (<c>Cpu/CpuNets</c>): conv + PReLU + ceil-mode max-pool, the file's flatten order handled inside the graph,
/// a softmax on the face head. Input and output conventions are stated in each model's metadata_props
/// (keys "mtcnn.*") and doc string, so a deployment in ONNX Runtime or TensorRT can reproduce the cascade.
/// </summary>
public static class MtcnnOnnxExport
{
    public static readonly string[] FileNames = ["pnet.onnx", "rnet.onnx", "onet.onnx"];

    /// <summary>Writes pnet.onnx, rnet.onnx and onet.onnx into <paramref name="directory"/> (created if missing); returns their paths.</summary>
    public static IReadOnlyList<string> WriteAll(MtcnnWeights weights, string directory)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>();
        foreach (var kind in Enum.GetValues<NetKind>())
        {
            var path = Path.Combine(directory, $"{NetArchitecture.Prefix(kind)}.onnx");
            File.WriteAllBytes(path, Build(weights, kind));
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>The serialised onnx.ModelProto of one net.</summary>
    public static byte[] Build(MtcnnWeights weights, NetKind kind)
    {
        var g = new OnnxGraph(NetArchitecture.Prefix(kind));
        var outputs = kind switch
        {
            NetKind.PNet => BuildPNet(g, weights),
            NetKind.RNet => BuildDenseNet(g, weights, kind),
            _ => BuildDenseNet(g, weights, kind),
        };
        var metadata = Metadata(weights, kind, outputs);
        string doc = string.Join("\n", metadata.Select(kv => $"{kv.Key}: {kv.Value}"));
        string version = typeof(MtcnnOnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0";
        return g.ToModel(version, doc, metadata);
    }

    /// <summary>Fully convolutional: any N, H, W (H, W ≥ 12); output maps are h = ⌈(H − 2)/2⌉ − 4 by w = ⌈(W − 2)/2⌉ − 4.</summary>
    private static string[] BuildPNet(OnnxGraph g, MtcnnWeights w)
    {
        g.Input("input", "N", 3, "H", "W");
        var x = ConvPrelu(g, w, NetKind.PNet, "input", "conv1", "prelu1");
        x = MaxPool(g, x, 2, 2);
        x = ConvPrelu(g, w, NetKind.PNet, x, "conv2", "prelu2");
        x = ConvPrelu(g, w, NetKind.PNet, x, "conv3", "prelu3");
        var logits = Conv(g, w, NetKind.PNet, x, "conv4_1");
        g.Node("Softmax", [logits], "prob", ("axis", 1L));
        g.Node("Identity", [Conv(g, w, NetKind.PNet, x, "conv4_2")], "box");
        g.Output("prob", "N", 2, "h", "w");
        g.Output("box", "N", 4, "h", "w");
        return ["prob", "box"];
    }

    /// <summary>RNet (24×24) or ONet (48×48): conv trunk, flatten in the file's order, dense layer, heads.</summary>
    private static string[] BuildDenseNet(OnnxGraph g, MtcnnWeights w, NetKind kind)
    {
        bool rnet = kind == NetKind.RNet;
        int size = rnet ? NetArchitecture.RNetInput : NetArchitecture.ONetInput;
        g.Input("input", "N", 3, size, size);
        var x = ConvPrelu(g, w, kind, "input", "conv1", "prelu1");
        x = MaxPool(g, x, 3, 2);
        x = ConvPrelu(g, w, kind, x, "conv2", "prelu2");
        x = MaxPool(g, x, 3, 2);
        x = ConvPrelu(g, w, kind, x, "conv3", "prelu3");
        if (!rnet)
        {
            x = MaxPool(g, x, 2, 2);
            x = ConvPrelu(g, w, kind, x, "conv4", "prelu4");
        }
        // The dense weights are exported as the file stores them, so the graph flattens in the file's order:
        // (W, H, C) for the original Caffe-trained weights, plain (C, H, W) otherwise.
        if (w.Flatten == FlattenOrder.Nwhc) x = g.Node("Transpose", [x], x + "_nwhc", ("perm", new long[] { 0, 3, 2, 1 }));
        x = g.Node("Flatten", [x], "flat", ("axis", 1L));
        var (dense, prelu, heads) = rnet ? ("dense4", "prelu4", "dense5") : ("dense5", "prelu5", "dense6");
        x = Prelu(g, w, kind, Dense(g, w, kind, x, dense), prelu, spatial: false);
        g.Node("Softmax", [Dense(g, w, kind, x, heads + "_1")], "prob", ("axis", 1L));
        g.Node("Identity", [Dense(g, w, kind, x, heads + "_2")], "box");
        g.Output("prob", "N", 2);
        g.Output("box", "N", 4);
        if (w.Tensors.ContainsKey($"{NetArchitecture.Prefix(kind)}.{heads}_3.weight"))
        {
            g.Node("Identity", [Dense(g, w, kind, x, heads + "_3")], "landmarks");
            g.Output("landmarks", "N", 10);
            return ["prob", "box", "landmarks"];
        }
        return ["prob", "box"];
    }

    private static string ConvPrelu(OnnxGraph g, MtcnnWeights w, NetKind kind, string x, string conv, string prelu) =>
        Prelu(g, w, kind, Conv(g, w, kind, x, conv), prelu, spatial: true);

    private static string Conv(OnnxGraph g, MtcnnWeights w, NetKind kind, string x, string layer)
    {
        var weight = Init(g, w, kind, layer + ".weight");
        var bias = Init(g, w, kind, layer + ".bias");
        return g.Node("Conv", [x, weight, bias], $"{layer}_out");
    }

    private static string Dense(OnnxGraph g, MtcnnWeights w, NetKind kind, string x, string layer)
    {
        var weight = Init(g, w, kind, layer + ".weight");
        var bias = Init(g, w, kind, layer + ".bias");
        return g.Node("Gemm", [x, weight, bias], $"{layer}_out", ("transB", 1L));
    }

    /// <summary>PReLU with one slope per channel: shape [C, 1, 1] broadcasts over NCHW maps, [C] over N×C vectors.</summary>
    private static string Prelu(OnnxGraph g, MtcnnWeights w, NetKind kind, string x, string layer, bool spatial)
    {
        var t = w.Get(kind, layer + ".weight");
        string name = $"{NetArchitecture.Prefix(kind)}.{layer}.weight";
        g.Initializer(name, spatial ? [t.Data.Length, 1, 1] : [t.Data.Length], t.Data);
        return g.Node("PRelu", [x, name], $"{layer}_out");
    }

    private static string MaxPool(OnnxGraph g, string x, long kernel, long stride) =>
        g.Node("MaxPool", [x], $"{x}_pool", ("kernel_shape", new[] { kernel, kernel }), ("strides", new[] { stride, stride }), ("ceil_mode", 1L));

    private static string Init(OnnxGraph g, MtcnnWeights w, NetKind kind, string name)
    {
        var t = w.Get(kind, name);
        return g.Initializer($"{NetArchitecture.Prefix(kind)}.{name}", t.Shape, t.Data);
    }

    private static List<KeyValuePair<string, string>> Metadata(MtcnnWeights w, NetKind kind, string[] outputs)
    {
        string f(float v) => v.ToString("R", CultureInfo.InvariantCulture);
        string input = kind switch
        {
            NetKind.PNet => "float32 NCHW [N, 3, H, W], any H, W ≥ 12 (one pyramid level)",
            NetKind.RNet => "float32 NCHW [N, 3, 24, 24] (crops of squared candidate boxes)",
            _ => "float32 NCHW [N, 3, 48, 48] (crops of squared candidate boxes)",
        };
        var m = new List<KeyValuePair<string, string>>
        {
            new("mtcnn.net", NetArchitecture.Prefix(kind)),
            new("mtcnn.input", $"'input': {input}"),
            new("mtcnn.channel_order", w.ChannelOrder),
            new("mtcnn.pixel_mean", f(w.PixelMean)),
            new("mtcnn.pixel_scale", f(w.PixelScale)),
            new("mtcnn.normalisation",
                $"done by the caller, not in the graph: x' = (x − {f(w.PixelMean)}) × {f(w.PixelScale)} on {w.ChannelOrder} pixels in 0..255"),
            new("mtcnn.outputs", string.Join(", ", outputs)),
            new("mtcnn.prob", "softmax over the 2 classes is applied in the graph; channel 0 = background, channel 1 = face probability"),
        };
        if (kind == NetKind.PNet)
        {
            m.Add(new("mtcnn.box", "[N, 4, h, w] offsets (dx1, dy1, dx2, dy2) of the 12×12 cell, in units of the cell box size"));
            m.Add(new("mtcnn.cell", "stride 2, cell 12: output (x, y) at level scale s covers image box " +
                "(⌊(2x+1)/s⌋, ⌊(2y+1)/s⌋, ⌊(2x+12)/s⌋, ⌊(2y+12)/s⌋)"));
        }
        else
        {
            m.Add(new("mtcnn.flatten", w.Flatten == FlattenOrder.Nwhc
                ? "nwhc, handled inside the graph (Transpose to N×W×H×C before Flatten); feed plain NCHW crops"
                : "nchw (plain Flatten inside the graph); feed plain NCHW crops"));
            m.Add(new("mtcnn.box", "[N, 4] offsets (dx1, dy1, dx2, dy2): x1 += dx1·(x2 − x1 + 1), y1 += dy1·(y2 − y1 + 1), likewise x2, y2"));
            if (outputs.Contains("landmarks"))
                m.Add(new("mtcnn.landmarks", "[N, 10] x1..x5 then y1..y5 (left eye, right eye, nose, left mouth, right mouth), " +
                    "relative to the crop box: x = x1 − 1 + lx·(x2 − x1 + 1), y = y1 − 1 + ly·(y2 − y1 + 1)"));
        }
        m.Add(new("mtcnn.weights_source", w.Source));
        m.Add(new("mtcnn.weights_verified", w.Verified ? "true (every tensor matched its SHA-256)" : "false (the weights file records no hashes)"));
        if (w.Metadata.TryGetValue(WeightsMetadata.Provenance, out var provenance)) m.Add(new("mtcnn.provenance", provenance));
        return m;
    }
}
