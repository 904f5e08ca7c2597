using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nmo.Infrastructure.Email;

/// <summary>
/// Writes one RFC 5322 message with a multipart/alternative body (text/plain, then text/html). Everything
/// non-ASCII is encoded (RFC 2047 encoded-words in headers, base64 bodies), so the output is 7-bit clean and any
/// mail client or parser reads it.
/// </summary>
internal static class MimeMessageWriter
{
    private const string Crlf = "\r\n";

    // An encoded-word may be at most 75 characters: "=?utf-8?B?" + 60 base64 characters + "?=" is 72.
    private const int MaxEncodedWordBytes = 45;
    private const int MaxLine = 78;

    public static string Write(MimeMessage message)
    {
        var boundary = "=_nmo_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.MessageId)))[..24];
        var sb = new StringBuilder();
        Header(sb, "Date", message.Date.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        Header(sb, "From", Mailbox("From", message.FromName, message.FromAddress));
        Header(sb, "To", Mailbox("To", message.ToName, message.ToAddress));
        Header(sb, "Subject", Unstructured("Subject", message.Subject));
        Header(sb, "Message-ID", $"<{message.MessageId}>");
        Header(sb, "MIME-Version", "1.0");
        foreach (var (name, value) in message.ExtraHeaders)
        {
            Header(sb, name, Unstructured(name, value));
        }

        Header(sb, "Content-Type", $"multipart/alternative; boundary=\"{boundary}\"");
        sb.Append(Crlf);
        sb.Append("This is a multi-part message in MIME format.").Append(Crlf);
        Part(sb, boundary, "text/plain", message.Text);
        Part(sb, boundary, "text/html", message.Html);
        sb.Append("--").Append(boundary).Append("--").Append(Crlf);
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, string name, string value) =>
        sb.Append(name).Append(": ").Append(value).Append(Crlf);

    private static void Part(StringBuilder sb, string boundary, string mediaType, string body)
    {
        sb.Append("--").Append(boundary).Append(Crlf);
        Header(sb, "Content-Type", $"{mediaType}; charset=utf-8");
        Header(sb, "Content-Transfer-Encoding", "base64");
        sb.Append(Crlf);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(body.ReplaceLineEndings(Crlf)));
        for (var i = 0; i < base64.Length; i += 76)
        {
            sb.Append(base64, i, Math.Min(76, base64.Length - i)).Append(Crlf);
        }
    }

    private static string Mailbox(string headerName, string? name, string address)
    {
        var display = OneLine(name);
        if (display.Length == 0)
        {
            return $"<{address}>";
        }

        var phrase = IsPlainAscii(display)
            ? $"\"{display.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""
            : EncodedWords(display, headerName.Length + 2);
        var lastLine = phrase[(phrase.LastIndexOf('\n') + 1)..];
        var used = phrase.Contains('\n', StringComparison.Ordinal) ? lastLine.Length : headerName.Length + 2 + lastLine.Length;
        return used + address.Length + 3 > MaxLine ? $"{phrase}{Crlf} <{address}>" : $"{phrase} <{address}>";
    }

    private static string Unstructured(string headerName, string value)
    {
        var line = OneLine(value);
        return IsPlainAscii(line) ? FoldAscii(line, headerName.Length + 2) : EncodedWords(line, headerName.Length + 2);
    }

    /// <summary>Folds at spaces so lines stay within 78 characters where the words allow it.</summary>
    private static string FoldAscii(string value, int used)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var word in value.Split(' '))
        {
            if (sb.Length > 0 && used + 1 + word.Length > MaxLine)
            {
                sb.Append(Crlf);
                used = 0;
            }

            if (sb.Length > 0)
            {
                sb.Append(' ');
                used++;
            }

            sb.Append(word);
            used += word.Length;
        }

        return sb.ToString();
    }

    /// <summary>
    /// RFC 2047 encoded-words, split on whole characters (never inside a UTF-8 sequence or surrogate pair), each on its
    /// own folded line so no line passes 78 characters. Splits fall after a space where possible: some parsers wrongly
    /// keep the fold between two encoded-words, and a doubled space reads better than a name cut in two.
    /// </summary>
    private static string EncodedWords(string value, int used)
    {
        var words = new List<string>();
        var chunk = new List<Rune>();
        var chunkBytes = 0;
        var limit = BytesFitting(MaxLine - used);
        foreach (var rune in value.EnumerateRunes())
        {
            if (chunkBytes + rune.Utf8SequenceLength > limit && chunk.Count > 0)
            {
                var split = chunk.FindLastIndex(r => r.Value == ' ') + 1;
                if (split <= 0 || split == chunk.Count)
                {
                    split = chunk.Count;
                }

                words.Add(Word(chunk[..split]));
                chunk.RemoveRange(0, split);
                chunkBytes = chunk.Sum(r => r.Utf8SequenceLength);
                limit = BytesFitting(MaxLine - 1);
            }

            chunk.Add(rune);
            chunkBytes += rune.Utf8SequenceLength;
        }

        if (chunk.Count > 0 || words.Count == 0)
        {
            words.Add(Word(chunk));
        }

        return string.Join(Crlf + " ", words);

        static string Word(List<Rune> runes) =>
            $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Concat(runes.Select(r => r.ToString()))))}?=";

        // "=?utf-8?B?" and "?=" take 12 characters; base64 turns each 3 bytes into 4 characters.
        static int BytesFitting(int width) => Math.Clamp((width - 12) / 4 * 3, 12, MaxEncodedWordBytes);
    }

    private static string OneLine(string? value) =>
        string.Join(' ', (value ?? string.Empty).Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsPlainAscii(string value) => value.All(c => c >= 0x20 && c < 0x7F);
}

internal sealed record MimeMessage(
    string FromName,
    string FromAddress,
    string? ToName,
    string ToAddress,
    string Subject,
    string Text,
    string Html,
    DateTimeOffset Date,
    string MessageId,
    IReadOnlyList<(string Name, string Value)> ExtraHeaders);
