using System.Globalization;
using MtcnnCuda.Trainer.Nets;
using MtcnnCuda.Weights;
using static TorchSharp.torch;

namespace MtcnnCuda.Trainer.Training;

/// <summary>
/// Per-stage checkpoints in a training folder: "{stage}.safetensors" (the net's parameters under their weights-file
/// names, metadata: epoch, stage), "{stage}-epochNNN.safetensors" for every epoch, and "{stage}-optimizer.bin" (the
/// optimizer state, so training resumes where it stopped).
/// </summary>
public static class Checkpoint
{
    public static string NetPath(string directory, NetKind kind) => Path.Combine(directory, $"{NetArchitecture.Prefix(kind)}.safetensors");
    public static string EpochPath(string directory, NetKind kind, int epoch) =>
        Path.Combine(directory, $"{NetArchitecture.Prefix(kind)}-epoch{epoch:D3}.safetensors");
    public static string OptimizerPath(string directory, NetKind kind) => Path.Combine(directory, $"{NetArchitecture.Prefix(kind)}-optimizer.bin");

    public static void Save(string directory, MtcnnNet net, int epoch, TorchSharp.Modules.OptimizerHelper? optimizer)
    {
        Directory.CreateDirectory(directory);
        var metadata = new Dictionary<string, string>
        {
            ["stage"] = NetArchitecture.Prefix(net.Kind),
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            [WeightsMetadata.Flatten] = "nwhc",
        };
        var tensors = WeightsBridge.Parameters(net);
        string epochPath = EpochPath(directory, net.Kind, epoch);
        SafeTensorsFile.Write(epochPath, tensors, metadata);
        // Write-then-rename, so an interrupted run never leaves a truncated "latest" checkpoint.
        string latest = NetPath(directory, net.Kind);
        File.Copy(epochPath, latest + ".tmp", overwrite: true);
        File.Move(latest + ".tmp", latest, overwrite: true);
        if (optimizer is not null)
        {
            string opt = OptimizerPath(directory, net.Kind);
            optimizer.save_state_dict(opt + ".tmp");
            File.Move(opt + ".tmp", opt, overwrite: true);
        }
    }

    /// <summary>Loads a stage checkpoint into a new net; returns the net and the epoch it was saved after.</summary>
    public static (MtcnnNet Net, int Epoch) Load(string path, NetKind kind)
    {
        var contents = SafeTensorsFile.Read(path);
        var net = MtcnnNet.Create(kind);
        WeightsBridge.Load(net, contents.Tensors, FlattenOrder.Nwhc, path);
        int epoch = contents.Metadata.TryGetValue("epoch", out var e) ? int.Parse(e, CultureInfo.InvariantCulture) : 0;
        return (net, epoch);
    }

    /// <summary>
    /// Engine weights from stage checkpoints; stages without a checkpoint get seeded random nets (enough for mining
    /// with the earlier stages, which never run the later ones).
    /// </summary>
    public static MtcnnWeights Compose(string? pnet, string? rnet, string? onet, string provenance, string trainingData, int seed = 1)
    {
        manual_seed(seed);
        var p = pnet is null ? new PNet() : (PNet)Load(pnet, NetKind.PNet).Net;
        var r = rnet is null ? new RNet() : (RNet)Load(rnet, NetKind.RNet).Net;
        var o = onet is null ? new ONet() : (ONet)Load(onet, NetKind.ONet).Net;
        using (p) using (r) using (o)
            return WeightsBridge.Export(p, r, o, provenance, trainingData);
    }
}
