using MtcnnCuda.Backends;

namespace MtcnnCuda.Tests.Cuda;

/// <summary>crop_net_conv's shared-memory plans: every RNet/ONet layer fits each device class's budget. No GPU needed.</summary>
public sealed class CropNetLayerTests
{
    [Theory]
    [InlineData(8, false)]
    [InlineData(8, true)]
    public void Every_layer_has_a_chunk_that_fits_the_device_budget(int major, bool tf32)
    {
        int limit = CropNetLayer.SharedLimit(major);
        foreach (var layer in CropNetLayer.All)
        {
            int tile = layer.CoTile(tf32, limit);
            Assert.True(tile % (tf32 ? 8 : 4) == 0 && tile <= CropNetLayer.MaxCoTile, $"{layer.Net} {layer.Conv}: chunk {tile}");
            Assert.True(layer.SharedBytes(tile) <= limit, $"{layer.Net} {layer.Conv}: {layer.SharedBytes(tile)} bytes");
            Assert.True(tile >= layer.Cout || layer.SharedBytes(tile + (tf32 ? 8 : 4)) > limit || tile == CropNetLayer.MaxCoTile,
                $"{layer.Net} {layer.Conv}: chunk {tile} is not the largest that fits");
        }
    }

    [Fact]
    public void Shapes_and_shared_bytes_follow_the_nets()
    {
        var r1 = CropNetLayer.RNet[0];
        Assert.Equal((22, 11, 32), (r1.ConvSize, r1.OutSize, r1.KPad));
        // input 3×24×24 + 32 patch rows of 28 + 4 weights + 28 maps of 22×22 + 32 offsets, in 4-byte words.
        Assert.Equal(4 * (1728 + 32 * 32 + 28 * 484 + 32), r1.SharedBytes(28));
        // An input map of 3×5×5 = 75 floats is padded to 76 (16-byte aligned weights).
        Assert.Equal(4 * (76 + 32 * 12 + 8 * 9 + 32), CropNetLayer.ConvSharedBytes(3, 5, 5, 3, 8));
        Assert.Equal([576, 1152], new[] { CropNetLayer.RNet[^1].OutputsPerCrop, CropNetLayer.ONet[^1].OutputsPerCrop });
        Assert.Equal([11, 4, 3], CropNetLayer.RNet.Select(l => l.OutSize));
        Assert.Equal([23, 10, 4, 3], CropNetLayer.ONet.Select(l => l.OutSize));
    }

    [Fact]
    public void A_device_without_enough_shared_memory_is_refused_with_the_numbers()
    {
        var e = Assert.Throws<NotSupportedException>(() => CropNetLayer.CheckDevice(CropNetLayer.SharedLimit(7)));
        Assert.Contains("ONet conv1", e.Message);
        Assert.Contains("49152", e.Message);
    }

    [Fact]
    public void Small_batches_split_channels_across_blocks_large_ones_do_not()
    {
        var onet2 = CropNetLayer.ONet[1];   // 64 channels in chunks of 8
        Assert.Equal(1, onet2.ChunksPerBlock(8, 20, 132));      // 20 crops: 8 blocks each
        Assert.Equal(3, onet2.ChunksPerBlock(8, 200, 132));     // 200 crops: 3 blocks each (600 >= 4 x 132)
        Assert.Equal(8, onet2.ChunksPerBlock(8, 2000, 132));    // enough crops: one block per crop
    }
}
