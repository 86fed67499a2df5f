namespace MtcnnCuda.Trainer.Nets;

/// <summary>The input convention of every net the trainer makes: RGB planar, x' = (x − 127.5) × 0.0078125.</summary>
public static class Normalisation
{
    public const float Mean = 127.5f;
    public const float Scale = 0.0078125f;

    public static float Apply(byte value) => (value - Mean) * Scale;
}
