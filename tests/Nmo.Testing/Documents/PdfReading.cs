using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using ZXing;
using ZXing.Common;

namespace Nmo.Testing.Documents;

/// <summary>A PDF read back as a person or a scanner would: its text, its fonts, and what its QR code says.</summary>
public sealed record PdfReading(string Text, IReadOnlyList<string> Fonts, IReadOnlyList<string> QrPayloads, double Width, double Height, int Pages)
{
    public static PdfReading Of(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        var first = pages[0];
        return new PdfReading(
            string.Join("\n", pages.Select(p => p.Text)),
            [.. pages.SelectMany(p => p.Letters).Select(l => l.FontName ?? string.Empty).Distinct()],
            [.. pages.SelectMany(p => p.GetImages()).Select(Decode).OfType<string>()],
            first.Width,
            first.Height,
            pages.Count);
    }

    /// <summary>Whether the text holds <paramref name="value"/>, whatever the line breaks and spacing between its words.</summary>
    public bool Shows(string value) => Squash(Text).Contains(Squash(value), StringComparison.Ordinal);

    private static string Squash(string value) => string.Concat(value.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Decodes an image's samples with ZXing (another library than the one that drew it), enlarged so its modules are clear.</summary>
    private static string? Decode(IPdfImage image)
    {
        if (!image.TryGetBytesAsMemory(out var memory))
        {
            return null;
        }

        var samples = memory.ToArray();
        var width = image.WidthInSamples;
        var height = image.HeightInSamples;
        var rowBytes = (width + 7) / 8;
        if (samples.Length == rowBytes * height)
        {
            // One bit per pixel (a two-colour palette): spread to a byte each; which colour is dark, ZXing tries both.
            var spread = new byte[width * height];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    spread[(y * width) + x] = (samples[(y * rowBytes) + (x / 8)] & (0x80 >> (x % 8))) != 0 ? (byte)255 : (byte)0;
                }
            }

            samples = spread;
        }

        var perPixel = samples.Length / (width * height);
        if (perPixel is not (1 or 3 or 4))
        {
            return null;
        }

        const int scale = 8;
        var gray = new byte[width * scale * height * scale];
        for (var y = 0; y < height * scale; y++)
        {
            for (var x = 0; x < width * scale; x++)
            {
                var i = (((y / scale) * width) + (x / scale)) * perPixel;
                gray[(y * width * scale) + x] = perPixel == 1 ? samples[i] : (byte)((samples[i] + samples[i + 1] + samples[i + 2]) / 3);
            }
        }

        // The samples are the QR code alone, quiet zone included, so it is decoded as a pure barcode: ZXing's search
        // for finder patterns misses about 1 in 100 of these perfect synthetic images (measured over random
        // certificate ids), which made the PDF tests fail by chance.
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, TryInverted = true, PureBarcode = true } };
        return reader.Decode(new RGBLuminanceSource(gray, width * scale, height * scale, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }
}
