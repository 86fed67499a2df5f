using MtcnnCuda.Native;

namespace MtcnnCuda.Tests.Robustness;

/// <summary>
/// Many detections through the C entry points (create/free, detect into caller arrays, library-owned results freed
/// again, error paths that set the thread-local message) must leave memory flat: the managed heap after a full
/// collection, and the detector handle table. CI runs 2,000 detections (1 in 100 with thresholds that let random
/// nets produce faces, the rest mostly stopping after PNet); MTCNN_ROBUSTNESS_LONG=1 runs 100,000. The long soak of the NativeAOT library
/// itself (RSS) is `test_api soak` in tests/native; numbers in perf/results/native-robustness.md.
/// </summary>
[Collection(MemoryMeasurement.Name)]
public unsafe class SoakTests
{
    [Fact]
    public void Repeated_native_detections_keep_memory_flat()
    {
        int iterations = Budget.Scale(2000), warmup = iterations / 10;
        const int w = 48, h = 40;
        var pixels = RandomWeights.NoiseImage(31, w, h);
        var weights = RandomWeights.CreateFile(31);
        int handlesBefore = HandleTable.Count;
        var cheap = NativeApi.DefaultOptions();
        cheap.CpuThreads = 1;
        // Thresholds low enough that random nets yield faces, so RNet, ONet and the result copies all run.
        var busy = cheap;
        busy.MinFaceSize = 20f;
        busy.PNetThreshold = 0.45f;
        busy.RNetThreshold = 0.45f;
        busy.ONetThreshold = 0.3f;
        Assert.Equal(0, NativeApi.CreateFromBuffer(weights, &cheap, out nint fast));
        Assert.Equal(0, NativeApi.CreateFromBuffer(weights, &busy, out nint slow));

        long heapAfterWarmup = 0, totalFaces = 0;
        var faces = stackalloc NativeFace[16];
        fixed (byte* p = pixels)
        {
            var image = new NativeImage { Pixels = p, Size = (nuint)pixels.Length, Width = w, Height = h, Stride = 3 * w, Format = 0 };
            var bad = image with { Stride = 1 };
            for (int i = 0; i < iterations; i++)
            {
                nint detector = i % 100 == 0 ? slow : fast;
                int count;
                if (i % 2 == 0)
                {
                    NativeFace* owned;
                    Assert.Equal(0, NativeApi.DetectAlloc(detector, &image, &owned, &count));
                    NativeApi.FacesFree(owned);
                }
                else
                {
                    int status = NativeApi.Detect(detector, &image, faces, 4, &count);
                    Assert.True(status is 0 or (int)NativeStatus.BufferTooSmall);
                }
                totalFaces += count;
                if (i % 7 == 0) Assert.Equal((int)NativeStatus.InvalidArgument, NativeApi.Detect(detector, &bad, faces, 16, &count));
                if (i % 100 == 0)
                {
                    // A detector created and freed now and then: handles must not pile up.
                    Assert.Equal(0, NativeApi.CreateFromBuffer(weights, &cheap, out nint extra));
                    Assert.Equal(0, NativeApi.Free(extra));
                }
                if (i == warmup) heapAfterWarmup = GC.GetTotalMemory(forceFullCollection: true);
            }
        }
        Assert.Equal(0, NativeApi.Free(fast));
        Assert.Equal(0, NativeApi.Free(slow));
        long heapAtEnd = GC.GetTotalMemory(forceFullCollection: true);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{iterations} detections, {totalFaces} faces; managed heap after warm-up {heapAfterWarmup / 1e6:F2} MB, " +
            $"at end {heapAtEnd / 1e6:F2} MB; working set {Environment.WorkingSet / 1e6:F0} MB");
        Assert.True(totalFaces > 0, "the soak should produce faces, or it exercises nothing past PNet");
        Assert.Equal(handlesBefore, HandleTable.Count);
        // Other tests may run in parallel in this process, so allow some noise; a leak of a few KB per
        // detection would exceed it.
        Assert.True(heapAtEnd - heapAfterWarmup < 2L << 20, $"managed heap grew by {(heapAtEnd - heapAfterWarmup) / 1e6:F2} MB");
    }
}
