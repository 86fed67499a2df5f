using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MtcnnCuda.Weights;
using static MtcnnCuda.Native.NativeErrors;

namespace MtcnnCuda.Native;

/// <summary>
/// The C ABI declared in <c>include/mtcnn.h</c>, exported by the NativeAOT build (libmtcnn.so). Every entry point
/// validates its pointers and sizes and catches every exception: failures become a status code and a
/// thread-local message (<c>mtcnn_last_error</c>). In a normal (JIT) build the methods exist too, so tests call
/// them through function pointers.
/// </summary>
internal static unsafe partial class NativeExports
{
    /// <summary>Library version (the assembly's, from &lt;Version&gt; in Directory.Build.props), NUL-terminated, never freed.</summary>
    internal static ReadOnlySpan<byte> Version => new((void*)VersionUtf8, System.Text.Encoding.UTF8.GetByteCount(LibraryVersion.Text) + 1);

    private static readonly nint VersionUtf8 = Marshal.StringToCoTaskMemUTF8(LibraryVersion.Text);

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_version")]
    public static byte* MtcnnVersion() => (byte*)VersionUtf8;

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_last_error")]
    public static byte* MtcnnLastError() => LastError.Pointer;

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_options_init")]
    public static int OptionsInit(NativeOptions* options)
    {
        try
        {
            if (options == null) return Fail(NativeStatus.NullPointer, "options is NULL.");
            var d = DetectorOptions.Default;
            *options = new NativeOptions
            {
                StructSize = (uint)sizeof(NativeOptions),
                MinFaceSize = d.MinFaceSize,
                ScaleFactor = d.ScaleFactor,
                PNetThreshold = d.PNetThreshold,
                RNetThreshold = d.RNetThreshold,
                ONetThreshold = d.ONetThreshold,
                Backend = (int)d.Backend,
                CpuThreads = d.CpuThreads,
                CudaDevice = d.CudaDevice,
            };
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detector_create_from_file")]
    public static int CreateFromFile(byte* path, NativeOptions* options, nint* detector)
    {
        try
        {
            if (detector == null) return Fail(NativeStatus.NullPointer, "detector (the output pointer) is NULL.");
            *detector = 0;
            if (path == null) return Fail(NativeStatus.NullPointer, "path is NULL.");
            string file = Marshal.PtrToStringUTF8((nint)path)!;
            if (file.Length == 0) return Fail(NativeStatus.InvalidArgument, "path is empty.");
            var opts = ToOptions(options);
            *detector = HandleTable.Add(FaceDetector.Create(MtcnnWeights.Load(file), opts));
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detector_create_from_buffer")]
    public static int CreateFromBuffer(byte* data, nuint size, NativeOptions* options, nint* detector)
    {
        try
        {
            if (detector == null) return Fail(NativeStatus.NullPointer, "detector (the output pointer) is NULL.");
            *detector = 0;
            if (data == null) return Fail(NativeStatus.NullPointer, "data is NULL.");
            if ((ulong)size > long.MaxValue) return Fail(NativeStatus.InvalidArgument, $"size {size} is not plausible.");
            var opts = ToOptions(options);
            using var stream = new UnmanagedMemoryStream(data, (long)size);
            *detector = HandleTable.Add(FaceDetector.Create(MtcnnWeights.Load(stream, "<buffer>"), opts));
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detector_create_default")]
    public static int CreateDefault(NativeOptions* options, nint* detector)
    {
        try
        {
            if (detector == null) return Fail(NativeStatus.NullPointer, "detector (the output pointer) is NULL.");
            *detector = 0;
            var opts = ToOptions(options);
            if (!MtcnnWeights.HasEmbeddedDefault)
                return Fail(NativeStatus.NoDefaultWeights,
                    "this build of libmtcnn has no embedded default weights; create the detector from a weights file or buffer.");
            *detector = HandleTable.Add(FaceDetector.Create(MtcnnWeights.LoadEmbeddedDefault(), opts));
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detector_free")]
    public static int DetectorFree(nint detector)
    {
        try
        {
            if (detector == 0) return Ok();
            if (!HandleTable.TryRemove(detector, out var d))
                return Fail(NativeStatus.InvalidHandle, $"0x{detector:x} is not a live detector (freed twice, or never created).");
            d.Dispose();
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detector_backend")]
    public static int DetectorBackend(nint detector, int* backend)
    {
        try
        {
            if (backend == null) return Fail(NativeStatus.NullPointer, "backend (the output pointer) is NULL.");
            if (!HandleTable.TryGet(detector, out var d)) return InvalidHandle(detector);
            *backend = (int)d.ActiveBackend;
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detect")]
    public static int Detect(nint detector, NativeImage* image, NativeFace* faces, int capacity, int* count)
    {
        try
        {
            if (count == null) return Fail(NativeStatus.NullPointer, "count is NULL.");
            *count = 0;
            if (capacity < 0) return Fail(NativeStatus.InvalidArgument, $"capacity {capacity} is negative.");
            if (faces == null && capacity > 0) return Fail(NativeStatus.NullPointer, "faces is NULL but capacity is positive.");
            if (!HandleTable.TryGet(detector, out var d)) return InvalidHandle(detector);
            var found = Run(d, image);
            *count = found.Count;
            int n = Math.Min(found.Count, capacity);
            for (int i = 0; i < n; i++) faces[i] = NativeFace.From(found[i]);
            return found.Count > capacity
                ? Fail(NativeStatus.BufferTooSmall, $"{found.Count} faces found but the array holds {capacity}; the first {n} (highest confidence) were written.")
                : Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detect_alloc")]
    public static int DetectAlloc(nint detector, NativeImage* image, NativeFace** faces, int* count)
    {
        try
        {
            if (faces == null) return Fail(NativeStatus.NullPointer, "faces (the output pointer) is NULL.");
            *faces = null;
            if (count == null) return Fail(NativeStatus.NullPointer, "count is NULL.");
            *count = 0;
            if (!HandleTable.TryGet(detector, out var d)) return InvalidHandle(detector);
            var found = Run(d, image);
            *faces = Copy([found]);
            *count = found.Count;
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_detect_batch")]
    public static int DetectBatch(nint detector, NativeImage* images, int imageCount, int* counts, NativeFace** faces)
    {
        try
        {
            if (faces == null) return Fail(NativeStatus.NullPointer, "faces (the output pointer) is NULL.");
            *faces = null;
            if (imageCount < 0) return Fail(NativeStatus.InvalidArgument, $"image_count {imageCount} is negative.");
            if (imageCount > 0 && (images == null || counts == null))
                return Fail(NativeStatus.NullPointer, "images or counts is NULL.");
            if (!HandleTable.TryGet(detector, out var d)) return InvalidHandle(detector);
            var list = new ImageData[imageCount];
            for (int i = 0; i < imageCount; i++)
            {
                var span = Pixels(&images[i], i);
                list[i] = new ImageData(new UnmanagedMemory(images[i].Pixels, span.Length).Memory,
                    images[i].Width, images[i].Height, images[i].Stride, (PixelFormat)images[i].Format);
            }
            var results = d.DetectBatch(list);
            *faces = Copy(results);
            for (int i = 0; i < imageCount; i++) counts[i] = results[i].Count;
            return Ok();
        }
        catch (Exception e)
        {
            return Fail(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "mtcnn_faces_free")]
    public static void FacesFree(NativeFace* faces) => NativeMemory.Free(faces);

    private static int InvalidHandle(nint detector) => Fail(NativeStatus.InvalidHandle,
        detector == 0 ? "detector is NULL." : $"0x{detector:x} is not a live detector (freed, or never created).");

    private static IReadOnlyList<Face> Run(FaceDetector detector, NativeImage* image)
    {
        var pixels = Pixels(image, -1);
        return detector.Detect(pixels, image->Width, image->Height, image->Stride, (PixelFormat)image->Format);
    }

    /// <summary>Validates a C image description and returns exactly the bytes it covers.</summary>
    internal static ReadOnlySpan<byte> Pixels(NativeImage* image, int index)
    {
        string which = index < 0 ? "image" : $"images[{index}]";
        if (image == null) throw new ArgumentNullException(which);
        if (image->Pixels == null) throw new ArgumentNullException($"{which}->pixels");
        var format = (PixelFormat)image->Format;
        long size = (ulong)image->Size > long.MaxValue ? long.MaxValue : (long)image->Size;
        try
        {
            ImageData.Validate(size, image->Width, image->Height, image->Stride, format);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{which}: {e.Message}");
        }
        long needed = format.SpanBytes(image->Width, image->Height, image->Stride);
        if (needed > int.MaxValue)
            throw new ArgumentException($"{which} spans {needed} bytes; at most {int.MaxValue} are supported (reduce the stride).");
        return new ReadOnlySpan<byte>(image->Pixels, (int)needed);
    }

    /// <summary>Copies faces into one native block (freed by mtcnn_faces_free); NULL when there are none.</summary>
    private static NativeFace* Copy(IReadOnlyList<IReadOnlyList<Face>> groups)
    {
        long total = 0;
        foreach (var g in groups) total += g.Count;
        if (total == 0) return null;
        var block = (NativeFace*)NativeMemory.Alloc((nuint)total, (nuint)sizeof(NativeFace));
        long k = 0;
        foreach (var g in groups)
            foreach (var f in g) block[k++] = NativeFace.From(f);
        return block;
    }

    private static DetectorOptions ToOptions(NativeOptions* options)
    {
        if (options == null) return DetectorOptions.Default;
        if (options->StructSize != (uint)sizeof(NativeOptions))
            throw new ArgumentException(
                $"options->struct_size is {options->StructSize} but this library expects {sizeof(NativeOptions)}; call mtcnn_options_init first.");
        var o = *options;
        var result = DetectorOptions.Default with
        {
            MinFaceSize = o.MinFaceSize,
            ScaleFactor = o.ScaleFactor,
            PNetThreshold = o.PNetThreshold,
            RNetThreshold = o.RNetThreshold,
            ONetThreshold = o.ONetThreshold,
            Backend = (Backend)o.Backend,
            CpuThreads = o.CpuThreads,
            CudaDevice = o.CudaDevice,
        };
        result.Validate(); // before any weights are read, so option errors are reported as such
        return result;
    }
}
