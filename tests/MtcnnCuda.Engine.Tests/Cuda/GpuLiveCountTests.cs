using MtcnnCuda.Backends;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>
/// The kernels of the device-resident cascade read their live counts on the device: pack_faces packs exactly the
/// counted faces and leaves the rest of the buffer untouched. The crop nets' live counts, where the capped grid
/// (CudaKernelSet.LiveGridBlocks) has to loop, are tested in GpuCropNetTests. GPU only (the host emulator runs them in CI).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuLiveCountTests
{
    private const float Untouched = -7.25f;

    [Fact]
    public void Pack_faces_packs_the_counted_faces_with_their_landmarks()
    {
        var gpu = GpuSession.Require();
        int capacity = 5;
        var faces = new GpuCandidate[capacity];
        for (int i = 0; i < capacity; i++) faces[i] = new GpuCandidate { X1 = i, Y1 = 10 + i, X2 = 20 + i, Y2 = 30 + i, Score = 0.5f + 0.1f * i, Key = 4 - i };
        var marks = CudaTestData.Uniform(new Random(9), 10 * capacity, 0, 100);
        using var dFaces = gpu.Upload<GpuCandidate>(faces);
        using var dMarks = gpu.Upload<float>(marks);
        using var dCount = gpu.Upload<int>([3]);
        using var dOut = gpu.Upload<float>(Enumerable.Repeat(Untouched, (int)CascadeSizes.PackedFloats(capacity)).ToArray());
        gpu.Kernels.PackFaces(gpu.Stream, new PackFacesParams { Faces = dFaces.Pointer, Count = dCount.Pointer, Marks = dMarks.Pointer, Out = dOut.Pointer, Capacity = capacity });
        var packed = gpu.Download(dOut, CascadeSizes.PackedFloats(capacity));
        Assert.Equal(3, BitConverter.SingleToInt32Bits(packed[0]));
        for (int f = 0; f < 3; f++)
        {
            var c = faces[f];
            Assert.Equal([c.X1, c.Y1, c.X2, c.Y2, c.Score, .. marks.AsSpan(10 * c.Key, 10)], packed.AsSpan(4 + 15 * f, 15).ToArray());
        }
        Assert.All(packed[(4 + 15 * 3)..], v => Assert.Equal(Untouched, v));
    }
}
