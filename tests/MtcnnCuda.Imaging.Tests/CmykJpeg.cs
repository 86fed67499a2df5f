namespace MtcnnCuda.Imaging.Tests;

/// <summary>
/// A hand-written baseline CMYK JPEG (Skia cannot encode CMYK). Each 8×8 block is one flat colour, so only DC
/// coefficients are non-zero: with an all-ones quantisation table a flat block of value v has DC = 8·(v − 128).
/// An Adobe APP14 marker (transform 0) says "CMYK"; like Photoshop's files the samples are stored inverted
/// (255 − ink), which is what decoders assume for Adobe CMYK.
/// </summary>
public static class CmykJpeg
{
    /// <summary>16×16: cyan, magenta / yellow, black quadrants (one block per component each).</summary>
    public static byte[] Quadrants()
    {
        byte[][] inks = [[255, 0, 0, 0], [0, 255, 0, 0], [0, 0, 255, 0], [0, 0, 0, 255]]; // TL, TR, BL, BR (MCU order)
        var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xEE, [.. "Adobe"u8, 0x00, 0x64, 0, 0, 0, 0, 0]);           // APP14, transform 0 = CMYK
        Segment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]);          // DQT 0: all ones
        Segment(jpeg, 0xC0, [8, 0, 16, 0, 16, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]); // SOF0 16×16, 4 comps
        // DHT DC 0: twelve 4-bit codes, symbol s (the DC category) has code s.
        Segment(jpeg, 0xC4, [0x00, 0, 0, 0, 12, .. new byte[12], .. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        // DHT AC 0: a single 1-bit code "0" for EOB.
        Segment(jpeg, 0xC4, [0x10, 1, .. new byte[15], 0x00]);
        Segment(jpeg, 0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);  // SOS

        var bits = new BitWriter(jpeg);
        var previous = new int[4];
        foreach (var ink in inks)
        {
            for (int c = 0; c < 4; c++)
            {
                int dc = 8 * ((255 - ink[c]) - 128);
                int diff = dc - previous[c];
                previous[c] = dc;
                int category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                bits.Write(category, 4);
                if (category > 0) bits.Write(diff > 0 ? diff : diff + (1 << category) - 1, category);
                bits.Write(0, 1); // EOB: all AC coefficients zero
            }
        }
        bits.Flush();
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private static void Segment(Stream jpeg, byte marker, byte[] payload)
    {
        jpeg.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        jpeg.Write(payload);
    }

    /// <summary>MSB-first bit packing with JPEG byte stuffing (0xFF is followed by 0x00) and 1-bit padding.</summary>
    private sealed class BitWriter(Stream output)
    {
        private int _buffer, _count;

        public void Write(int value, int length)
        {
            for (int i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8) Emit();
            }
        }

        public void Flush()
        {
            while (_count != 0) Write(1, 1);
        }

        private void Emit()
        {
            output.WriteByte((byte)_buffer);
            if (_buffer == 0xFF) output.WriteByte(0);
            _buffer = 0;
            _count = 0;
        }
    }
}
