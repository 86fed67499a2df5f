namespace MtcnnCuda.Perf.Eval;

/// <summary>How landmarks are obtained for a face crop whose box is the whole crop.</summary>
public enum LandmarkMode
{
    /// <summary>
    /// Run the whole cascade on the crop and take the detection of highest IoU with the crop box (the paper's
    /// figure comes from the detector). Crops with no detection are detection misses: reported separately and
    /// left out of the error, and also counted as failures in <c>failureRateWithMisses</c>.
    /// </summary>
    Detector,

    /// <summary>
    /// ONet alone on the whole crop resized to 48×48 (the landmark head in isolation; no detector). Always runs on
    /// the CPU nets, whatever <c>--backend</c> says.
    /// </summary>
    ONet,
}
