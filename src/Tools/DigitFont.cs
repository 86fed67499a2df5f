using SkiaSharp;

namespace MtcnnCuda.Tools;

/// <summary>
/// A 3×5 pixel font for digits and '.', drawn as rectangles. Scores are the only text we draw, and Skia's
/// dependency-free Linux build has no font manager, so relying on system fonts would draw nothing.
/// </summary>
internal static class DigitFont
{
    public const int GlyphHeight = 5;

    private static readonly Dictionary<char, string[]> Glyphs = new()
    {
        ['0'] = ["111", "101", "101", "101", "111"],
        ['1'] = ["010", "110", "010", "010", "111"],
        ['2'] = ["111", "001", "111", "100", "111"],
        ['3'] = ["111", "001", "111", "001", "111"],
        ['4'] = ["101", "101", "111", "001", "001"],
        ['5'] = ["111", "100", "111", "001", "111"],
        ['6'] = ["111", "100", "111", "101", "111"],
        ['7'] = ["111", "001", "001", "001", "001"],
        ['8'] = ["111", "101", "111", "101", "111"],
        ['9'] = ["111", "101", "111", "001", "111"],
        ['.'] = ["0", "0", "0", "0", "1"],
    };

    /// <summary>Width in font pixels of <paramref name="text"/>, one blank column between glyphs.</summary>
    public static int Measure(string text) => text.Sum(c => Glyph(c)[0].Length + 1) - 1;

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y), each font pixel <paramref name="scale"/> image pixels.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float y, float scale, SKPaint paint)
    {
        foreach (char c in text)
        {
            var glyph = Glyph(c);
            for (int row = 0; row < GlyphHeight; row++)
                for (int col = 0; col < glyph[row].Length; col++)
                    if (glyph[row][col] == '1')
                        canvas.DrawRect(x + col * scale, y + row * scale, scale, scale, paint);
            x += (glyph[0].Length + 1) * scale;
        }
    }

    private static string[] Glyph(char c) =>
        Glyphs.TryGetValue(c, out var glyph) ? glyph : throw new ArgumentException($"DigitFont has no glyph for '{c}'.", nameof(c));
}
