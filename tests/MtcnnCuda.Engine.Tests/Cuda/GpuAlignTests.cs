using MtcnnCuda.Backends;
using MtcnnCuda.Cuda;
using MtcnnCuda.Tests.Align;
using MtcnnCuda.TestSupport;

namespace MtcnnCuda.Tests.Cuda;

using Cuda = MtcnnCuda.Cuda.Cuda;

/// <summary>
/// The align_warp kernel against the CPU aligner: bytes within 1 grey level, floats within 1e-4 (in practice equal:
/// both evaluate the same float32 operations without FMA). GPU only (or the host emulator, run.sh).
/// </summary>
[Collection(GpuSession.Collection)]
public sealed class GpuAlignTests
{
    public static TheoryData<PixelFormat, int, AlignTemplate, AlignOutput, AlignBorder> Cases() => new()
    {
        { PixelFormat.Rgb24, 0, AlignTemplate.ArcFace112, AlignOutput.Rgb24, AlignBorder.Constant },
        { PixelFormat.Bgr24, 9, AlignTemplate.ArcFace96x112, AlignOutput.Bgr24, AlignBorder.Replicate },
        { PixelFormat.Rgba32, 4, AlignTemplate.Square, AlignOutput.FloatRgbChw, AlignBorder.Replicate },
        { PixelFormat.Bgra32, 0, AlignTemplate.ArcFace112, AlignOutput.FloatBgrChw, AlignBorder.Constant },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Warp_kernel_equals_the_cpu_aligner(PixelFormat format, int padding, AlignTemplate template, AlignOutput output, AlignBorder border)
    {
        var gpu = GpuSession.Require();
        var image = AlignTestData.Image(160, 120, format, padding, seed: 11);
        var faces = AlignTestData.SeveralFaces(160, 120);
        var options = new AlignOptions { Template = template, Size = 64, Margin = template == AlignTemplate.Square ? 8 : 0, Border = border, Output = output, BorderValue = 3 };
        var expected = FaceAligner.Align(image, faces, options);
        using var aligner = new CudaAligner(gpu.Context);
        var actual = new byte[expected.Data.Length];
        aligner.Align(gpu.Stream, PixelView.From(image), faces, options, actual);
        AssertEqualCrops(expected, new AlignedFaces(actual, faces.Length, options));
    }

    [Fact]
    public void Detector_on_cuda_aligns_detected_faces_like_the_cpu()
    {
        Assert.SkipUnless(Cuda.IsSupported, $"no usable CUDA GPU: {Cuda.UnsupportedReason}");
        Assert.SkipUnless(Nvrtc.IsSupported, $"NVRTC is not installed: {Nvrtc.UnsupportedReason}");
        var image = TestImages.LoadRgb(SharedData.Multiface);
        using var cpu = FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { Backend = Backend.Cpu });
        using var gpu = FaceDetector.Create(SharedData.ReferenceWeights, new DetectorOptions { Backend = Backend.Cuda });
        var options = AlignOptions.ArcFace;
        var (faces, crops) = gpu.DetectAndAlign(image, options);
        Assert.NotEmpty(faces);
        // CPU crops of the GPU's faces: isolates the warp from the tiny box/landmark differences between backends.
        AssertEqualCrops(FaceAligner.Align(image, faces, options), crops);
        AssertEqualCrops(cpu.Align(image, faces, options), gpu.Align(image, faces, options));
    }

    private static void AssertEqualCrops(AlignedFaces expected, AlignedFaces actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            if (!expected.Options.IsFloat)
            {
                FaceAlignerTests.AssertClose(expected.Crop(i), actual.Crop(i), $"face {i}");
                continue;
            }
            var e = expected.CropFloats(i);
            var a = actual.CropFloats(i);
            for (int k = 0; k < e.Length; k++)
                if (Math.Abs(e[k] - a[k]) > 1e-4f) Assert.Fail($"face {i} element {k}: {a[k]} vs {e[k]}");
        }
    }
}
