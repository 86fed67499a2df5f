namespace MtcnnCuda.Cascade;

/// <summary>Overlap measure of non-maximum suppression.</summary>
public enum NmsMode
{
    /// <summary>Intersection over union.</summary>
    Union,
    /// <summary>Intersection over the smaller area (ONet's final pass).</summary>
    Min,
}
