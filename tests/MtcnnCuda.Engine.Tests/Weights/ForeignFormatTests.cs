using MtcnnCuda.TestSupport;
using MtcnnCuda.Weights;

namespace MtcnnCuda.Tests.WeightsFile;

/// <summary>PyTorch and ONNX files handed to the weights reader get a message that says what they are.</summary>
public class ForeignFormatTests
{
    private static string ReadFails(byte[] bytes, string name = "model.bin") =>
        Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read(new MemoryStream(bytes), name)).Message;

    [Fact]
    public void PyTorch_zip_is_named_with_the_way_to_convert_it()
    {
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, .. "archive/data.pkl"u8];
        var message = ReadFails(zip, "pnet.pt");
        Assert.Contains("this is a PyTorch file", message);
        Assert.Contains("safetensors.torch.save_file", message);
        Assert.DoesNotContain("not plausible", message);
    }

    [Fact]
    public void Legacy_PyTorch_pickle_is_named()
    {
        byte[] pickle = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];
        Assert.Contains("this is a PyTorch file (a Python pickle", ReadFails(pickle));
    }

    [Fact]
    public void Onnx_model_is_named_even_without_the_extension()
    {
        // ir_version 8, producer_name "pytorch", producer_version "2.1", then the graph field (7, length-delimited).
        byte[] onnx = [0x08, 0x08, 0x12, 0x07, .. "pytorch"u8, 0x1a, 0x03, .. "2.1"u8, 0x3a, 0x10, .. new byte[16]];
        var message = ReadFails(onnx, "model.bin");
        Assert.Contains("this is an ONNX model", message);
        Assert.Contains("export", message);
    }

    [Fact]
    public void Other_garbage_still_gets_the_header_length_message()
    {
        Assert.Contains("not plausible", ReadFails([0x08, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
        Assert.Contains("not plausible", ReadFails("GIF89a..............."u8.ToArray()));
        Assert.False(ForeignFormat.LooksLikeOnnx([0x08, 0x00, 0x3a, 0x00])); // ir_version 0 is not a model
    }

    [Fact]
    public void A_directory_is_named_as_such()
    {
        var dir = Directory.CreateTempSubdirectory("mtcnn-weights-dir-").FullName;
        try
        {
            Assert.Contains("is a directory", Assert.Throws<WeightsFormatException>(() => SafeTensorsFile.Read(dir)).Message);
        }
        finally { Directory.Delete(dir); }
    }

    [Theory]
    [InlineData("pnet.pt")]
    [InlineData("rnet.pt")]
    public void Real_facenet_pytorch_files_are_named(string file)
    {
        Assert.SkipWhen(SharedData.Root is null, "../shared is absent (facenet-pytorch's .pt files are not part of the repository)");
        var path = Path.Combine(SharedData.Root!, "..", "peers", "facenet-pytorch", "facenet_pytorch", "data", file);
        Assert.SkipUnless(File.Exists(path), $"{path} is absent");
        var e = Assert.Throws<WeightsFormatException>(() => MtcnnWeights.Load(path));
        Assert.Contains("this is a PyTorch file", e.Message);
    }
}
