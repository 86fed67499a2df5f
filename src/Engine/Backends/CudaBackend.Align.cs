using MtcnnCuda.Cuda;

namespace MtcnnCuda.Backends;

/// <summary>Aligned crops on the detector's stream, from the raw pixels the detection already uploaded when it can.</summary>
internal sealed partial class CudaBackend : IAlignBackend
{
    private CudaAligner? _aligner;

    public void Align(PixelView image, IReadOnlyList<Face> faces, AlignOptions options, Span<byte> output)
    {
        lock (_gate)
        {
            using var current = EnterDevice();
            try
            {
                (_aligner ??= new CudaAligner(_context)).Align(_stream, image, faces, options, output);
            }
            catch (CudaException e) when (e.IsSticky)
            {
                MarkBroken(e);
                throw;
            }
        }
    }

    public Face[] DetectAndAlign(PixelView image, AlignOptions options, out byte[] crops)
    {
        lock (_gate)
        {
            using var current = EnterDevice();
            try
            {
                var faces = DetectLocked(image);
                var packed = FaceAligner.Prepare(faces, image.Width, image.Height, options, long.MaxValue);
                crops = new byte[checked((int)(options.BytesPerFace * faces.Length))];
                // DetectLocked left the raw upload in the workspace (it returns before uploading only for images too
                // small for the pyramid, which have no faces).
                if (faces.Length > 0)
                    (_aligner ??= new CudaAligner(_context)).Warp(_stream, _ws.Pixels!.Pointer, image.Width, image.Height,
                        image.Stride, image.Format, packed, options, crops);
                return faces;
            }
            catch (CudaException e) when (e.IsSticky)
            {
                MarkBroken(e);
                throw;
            }
        }
    }
}
