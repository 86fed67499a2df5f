using MtcnnCuda.Tests.Robustness;

namespace MtcnnCuda.Tests.Cpu;

/// <summary>
/// The CPU backend reuses its working memory: after warm-up a Detect allocates only its result and the candidate
/// lists (well under 1 MB), not its feature maps. Process-wide allocation is measured, so the class runs alone.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public class CpuAllocationTests
{
    [Fact]
    public void A_warm_detect_allocates_less_than_one_megabyte()
    {
        var image = TestImages.LoadRgb(SharedData.Multiface);
        using var detector = FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { MinFaceSize = 20 });
        for (int i = 0; i < 3; i++) detector.Detect(image);
        // The counter is process-wide: a thread-pool thread the backend meets for the first time (its scratch is
        // per thread) or leftover work of an earlier test shows up in one round, not in every one. The steady
        // state is the least of several rounds; a per-call allocation of feature maps would show in all of them.
        const int calls = 4, rounds = 4;
        int faces = 0;
        double perCall = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < calls; i++) faces = detector.Detect(image).Count;
            perCall = Math.Min(perCall, (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls);
        }
        Assert.Equal(6, faces);
        Assert.True(perCall < 1 << 20, $"{perCall / 1e6:F2} MB allocated per warm Detect");
    }
}
