using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Nmo.Core.Attendance;

internal enum SniffedKind
{
    Text,
    Empty,
    Binary,
    Spreadsheet,
}

/// <summary>What the first bytes of a file say about it.</summary>
internal sealed record SniffResult(SniffedKind Kind, Encoding Encoding, string EncodingName, int BomLength, string Delimiter, bool SeparatorHint)
{
    /// <summary>The sample decoded (after the BOM): where the header is looked for.</summary>
    public string Text { get; init; } = string.Empty;
}

/// <summary>
/// Detects the encoding and the delimiter from a prefix of the file. Providers never say which encoding they
/// used: Excel writes Windows-1251 (or UTF-16 with "Unicode text"), LibreOffice and Google Sheets UTF-8.
/// </summary>
internal static class TextSniffer
{
    public const int SampleSize = 64 * 1024;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static Encoding Windows1251 { get; } = CodePages(1251);

    public static SniffResult Sniff(ReadOnlySpan<byte> sample, bool wholeFile)
    {
        if (sample.IsEmpty)
        {
            return new SniffResult(SniffedKind.Empty, StrictUtf8, "UTF-8", 0, ";", false);
        }

        if (sample.StartsWith("PK\u0003\u0004"u8) || sample.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            // A workbook (xlsx/ods are zip, xls is OLE) uploaded instead of a CSV export: the commonest mistake.
            return new SniffResult(SniffedKind.Spreadsheet, StrictUtf8, "binary", 0, ";", false);
        }

        Encoding encoding;
        string name;
        int bom;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            (encoding, name, bom) = (StrictUtf8, "UTF-8 BOM", 3);
        }
        else if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            (encoding, name, bom) = (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), "UTF-16LE BOM", 2);
        }
        else if (sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            (encoding, name, bom) = (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), "UTF-16BE BOM", 2);
        }
        else if (LooksBinary(sample))
        {
            return new SniffResult(SniffedKind.Binary, StrictUtf8, "binary", 0, ";", false);
        }
        else if (IsUtf8(sample, wholeFile))
        {
            (encoding, name, bom) = (StrictUtf8, "UTF-8", 0);
        }
        else
        {
            (encoding, name, bom) = (Windows1251, "Windows-1251", 0);
        }

        var body = sample[bom..];
        if (bom == 2)
        {
            // A UTF-16 file cut in the middle of a character would decode to a replacement char; drop the odd byte.
            body = body[..(body.Length & ~1)];
        }

        var text = encoding.GetString(body);
        if (bom > 0 && LooksBinary(text))
        {
            return new SniffResult(SniffedKind.Binary, encoding, "binary", bom, ";", false);
        }

        if (string.IsNullOrWhiteSpace(text.Replace("\uFEFF", string.Empty, StringComparison.Ordinal)))
        {
            return new SniffResult(SniffedKind.Empty, encoding, name, bom, ";", false);
        }

        var (delimiter, hint) = DetectDelimiter(text);
        return new SniffResult(SniffedKind.Text, encoding, name, bom, delimiter, hint) { Text = text };
    }

    /// <summary>Strict UTF-8 check of the prefix; a multi-byte character cut by the end of the sample is fine.</summary>
    internal static bool IsUtf8(ReadOnlySpan<byte> sample, bool wholeFile)
    {
        var chars = ArrayPool<char>.Shared.Rent(sample.Length);
        try
        {
            var status = Utf8.ToUtf16(sample, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: wholeFile);
            return status == OperationStatus.Done || (status == OperationStatus.NeedMoreData && !wholeFile);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>NUL bytes (without a UTF-16 BOM) or many control characters: not something a spreadsheet exported.</summary>
    private static bool LooksBinary(ReadOnlySpan<byte> sample)
    {
        if (sample.Contains((byte)0) || sample.StartsWith("%PDF-"u8))
        {
            return true;
        }

        var controls = 0;
        foreach (var b in sample)
        {
            if (IsStrayControl(b))
            {
                controls++;
            }
        }

        return TooManyControls(controls, sample.Length);
    }

    private static bool LooksBinary(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }

        var controls = 0;
        foreach (var c in text)
        {
            if (c < 0x80 && IsStrayControl((byte)c))
            {
                controls++;
            }
        }

        return TooManyControls(controls, text.Length);
    }

    // Tab, line breaks, form feed and the old DOS end-of-file mark turn up in real exports; the rest do not.
    private static bool IsStrayControl(byte b) => (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1A)) || b == 0x7F;

    private static bool TooManyControls(int controls, int length) => controls >= 4 && controls * 50 > length;

    /// <summary>
    /// The delimiter is the most frequent of <c>;</c>, <c>,</c> and tab in the header line, outside quotes.
    /// A first line <c>sep=X</c> (Excel's hint) wins.
    /// </summary>
    internal static (string Delimiter, bool Hint) DetectDelimiter(string text)
    {
        var start = 0;
        while (start < text.Length && (text[start] is '\r' or '\n' or ' ' or '\t' or '\uFEFF'))
        {
            start++;
        }

        var firstLineEnd = text.IndexOfAny(['\r', '\n'], start);
        var firstLine = firstLineEnd < 0 ? text[start..] : text[start..firstLineEnd];
        if (firstLine.Length == 5 && firstLine.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && firstLine[4] is ';' or ',' or '\t')
        {
            return (firstLine[4].ToString(), true);
        }

        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c is '\r' or '\n')
            {
                break;
            }
            else if (c == ';')
            {
                semicolons++;
            }
            else if (c == ',')
            {
                commas++;
            }
            else if (c == '\t')
            {
                tabs++;
            }
        }

        // Ties (and a one-column header) go to ';', what Russian Excel writes.
        if (tabs > semicolons && tabs > commas)
        {
            return ("\t", false);
        }

        return commas > semicolons ? (",", false) : (";", false);
    }

    private static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
