using System.Runtime.InteropServices;

namespace MtcnnCuda.Native;

/// <summary>mtcnn_align_options: the C view of <see cref="AlignOptions"/> (field order and sizes as in mtcnn.h).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeAlignOptions
{
    public uint StructSize;
    public int Kind;
    public int Size;
    public int Margin;
    public int Border;
    public int Output;
    public float BorderValue;
    public float Mean;
    public float Scale;

    public static NativeAlignOptions From(AlignOptions o) => new()
    {
        StructSize = (uint)Marshal.SizeOf<NativeAlignOptions>(),
        Kind = (int)o.Template, Size = o.Size, Margin = o.Margin, Border = (int)o.Border, Output = (int)o.Output,
        BorderValue = o.BorderValue, Mean = o.Mean, Scale = o.Scale,
    };

    public readonly AlignOptions ToOptions()
    {
        if (StructSize != (uint)Marshal.SizeOf<NativeAlignOptions>())
            throw new ArgumentException($"align options struct_size is {StructSize}, expected {Marshal.SizeOf<NativeAlignOptions>()}: fill the struct with mtcnn_align_options_init (header and library versions differ?).");
        var options = new AlignOptions
        {
            Template = (AlignTemplate)Kind, Size = Size, Margin = Margin, Border = (AlignBorder)Border, Output = (AlignOutput)Output,
            BorderValue = BorderValue, Mean = Mean, Scale = Scale,
        };
        options.Validate();
        return options;
    }
}
