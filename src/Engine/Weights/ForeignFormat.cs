namespace MtcnnCuda.Weights;

/// <summary>
/// Recognises files that users mistake for MTCNN weights — PyTorch saves and ONNX models — from their first bytes,
/// so the reader can say what the file is and how to convert it instead of "header length … is not plausible".
/// Only consulted once a file has already failed the safetensors check, so it never rejects a valid file.
/// </summary>
public static class ForeignFormat
{
    /// <summary>How many leading bytes <see cref="Describe"/> looks at.</summary>
    public const int SniffBytes = 4096;

    public const string PyTorchAdvice =
        "convert it first: facenet-pytorch's pnet.pt/rnet.pt/onet.pt are state dicts; load each with torch.load, prefix its keys " +
        "with 'pnet.', 'rnet.' or 'onet.' and save all three into one file with safetensors.torch.save_file (see the README, section Weights).";

    public const string OnnxAdvice =
        "ONNX is an export format of this project (mtcnn weights export-onnx) and cannot be loaded back; " +
        "use the .safetensors file the model was exported from.";

    /// <summary>A sentence naming the format and the way out, or null when the bytes look like nothing known.</summary>
    public static string? Describe(ReadOnlySpan<byte> head, string source)
    {
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
            return "this is a PyTorch file (a zip archive, as torch.save writes .pt/.pth files), not MTCNN safetensors; " + PyTorchAdvice;
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
            return "this is a PyTorch file (a Python pickle, as legacy torch.save writes .pt files), not MTCNN safetensors; " + PyTorchAdvice;
        if (LooksLikeOnnx(head) || (source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && head.Length > 0 && head[0] == 0x08))
            return "this is an ONNX model, not MTCNN safetensors; " + OnnxAdvice;
        return null;
    }

    /// <summary>
    /// An ONNX ModelProto starts with field 1 (ir_version, a varint: byte 0x08) and holds field 7 (graph, length
    /// delimited) after a few short fields (producer name/version, domain, doc string). Walks the top-level fields.
    /// </summary>
    public static bool LooksLikeOnnx(ReadOnlySpan<byte> head)
    {
        if (head.Length < 2 || head[0] != 0x08) return false;
        int pos = 0;
        bool first = true;
        while (pos < head.Length)
        {
            if (!TryVarint(head, ref pos, out ulong tag)) return false;
            ulong field = tag >> 3, wire = tag & 7;
            if (first && tag != 0x08) return false;
            first = false;
            if (field is 0 or > 25) return false;
            if (wire == 0)
            {
                if (!TryVarint(head, ref pos, out ulong value)) return false;
                if (field == 1 && value is 0 or > 100) return false; // ir_version is a small number
            }
            else if (wire == 2)
            {
                if (!TryVarint(head, ref pos, out ulong length)) return false;
                if (field == 7) return true;
                if (length > (ulong)(head.Length - pos)) return false;
                pos += (int)length;
            }
            else
            {
                return false;
            }
        }
        return false;
    }

    private static bool TryVarint(ReadOnlySpan<byte> bytes, ref int pos, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && pos < bytes.Length; shift += 7)
        {
            byte b = bytes[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }
}
