namespace MtcnnCuda.Weights;

/// <summary>A named float32 tensor: row-major data and its shape.</summary>
public sealed class Tensor
{
    public Tensor(int[] shape, float[] data)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension in shape [{string.Join(", ", shape)}].");
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"Shape [{string.Join(", ", shape)}] holds {count} values but {data.Length} were given.");
        Shape = shape;
        Data = data;
    }

    public int[] Shape { get; }
    public float[] Data { get; }

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public bool HasShape(ReadOnlySpan<int> shape) => Shape.AsSpan().SequenceEqual(shape);
}
