using System.Runtime.InteropServices;

namespace MtcnnCuda.Onnx;

/// <summary>
/// A small ONNX graph builder for float32 nets: nodes with int/float/ints attributes, float initializers, and
/// float inputs/outputs whose dimensions are numbers or symbolic names (dynamic). <see cref="ToModel"/> encodes
/// an onnx.ModelProto (field numbers from onnx/onnx.proto) with the given opset and metadata_props.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    /// <summary>IR version 8 (ONNX 1.10); opset 13 has every operator used here with the semantics relied on.</summary>
    public const long IrVersion = 8;
    public const long Opset = 13;

    private const int FloatType = 1;
    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private int _nodeCount;

    public void Input(string tensor, params object[] dims) => _inputs.Add(ValueInfo(tensor, dims));

    public void Output(string tensor, params object[] dims) => _outputs.Add(ValueInfo(tensor, dims));

    /// <summary>A float32 constant (weights), stored as little-endian raw_data.</summary>
    public string Initializer(string tensor, int[] dims, float[] values)
    {
        var t = new ProtoWriter();
        foreach (int d in dims) t.Varint(1, d);
        t.Varint(2, FloatType);
        t.String(8, tensor);
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export needs a little-endian host.");
        t.Bytes(9, MemoryMarshal.AsBytes(values.AsSpan()));
        _initializers.Add(t);
        return tensor;
    }

    /// <summary>Adds a node; attribute values are long, float or long[]. Returns the output name.</summary>
    public string Node(string opType, string[] inputs, string output, params (string Name, object Value)[] attributes)
    {
        var n = new ProtoWriter();
        foreach (var input in inputs) n.String(1, input);
        n.String(2, output);
        n.String(3, $"{opType.ToLowerInvariant()}_{_nodeCount++}");
        n.String(4, opType);
        foreach (var (attrName, value) in attributes) n.Message(5, a => Attribute(a, attrName, value));
        _nodes.Add(n);
        return output;
    }

    public byte[] ToModel(string producerVersion, string docString, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var graph = new ProtoWriter();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, name);
        foreach (var init in _initializers) graph.Message(5, init);
        foreach (var input in _inputs) graph.Message(11, input);
        foreach (var output in _outputs) graph.Message(12, output);

        var model = new ProtoWriter();
        model.Varint(1, IrVersion);
        model.String(2, "MtcnnCuda");
        model.String(3, producerVersion);
        model.Message(7, graph); // before the long doc string, so the graph field shows in a file's first bytes
        model.String(6, docString);
        model.Message(8, o => o.String(1, "").Varint(2, Opset));
        foreach (var (key, value) in metadata) model.Message(14, e => e.String(1, key).String(2, value));
        return model.ToArray();
    }

    private static void Attribute(ProtoWriter a, string name, object value)
    {
        a.String(1, name);
        switch (value)
        {
            case float f: a.Float(2, f).Varint(20, 1); break;
            case long i: a.Varint(3, i).Varint(20, 2); break;
            case int i: a.Varint(3, i).Varint(20, 2); break;
            case long[] ints:
                foreach (long i in ints) a.Varint(8, i);
                a.Varint(20, 7);
                break;
            default: throw new ArgumentException($"Unsupported attribute type {value.GetType()} for '{name}'.");
        }
    }

    /// <summary>A float tensor's name, element type and shape; an int dimension is fixed, a string one symbolic.</summary>
    private static ProtoWriter ValueInfo(string tensor, object[] dims)
    {
        var info = new ProtoWriter().String(1, tensor);
        info.Message(2, type => type.Message(1, t =>
        {
            t.Varint(1, FloatType);
            t.Message(2, shape =>
            {
                foreach (var d in dims)
                    shape.Message(1, dim => { if (d is int v) dim.Varint(1, v); else dim.String(2, (string)d); });
            });
        }));
        return info;
    }
}
