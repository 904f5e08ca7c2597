using System.Text;
using System.Text.RegularExpressions;

namespace Nmo.Functions.Tests.Email;

/// <summary>Just enough of RFC 5322/2045/2047 to read back what the outbox writes, independently of how it writes it.</summary>
internal sealed partial class EmlParser
{
    private EmlParser(Dictionary<string, string> headers, List<(string ContentType, string Body)> parts)
    {
        Headers = headers;
        Parts = parts;
    }

    public Dictionary<string, string> Headers { get; }

    public List<(string ContentType, string Body)> Parts { get; }

    public static EmlParser Parse(string raw)
    {
        Assert.DoesNotMatch(@"(?<!\r)\n", raw);
        var (headers, body) = SplitHeaders(raw);
        var contentType = headers["Content-Type"];
        Assert.StartsWith("multipart/alternative", contentType);
        var boundary = BoundaryPattern().Match(contentType).Groups[1].Value;
        Assert.NotEmpty(boundary);

        var parts = new List<(string, string)>();
        var sections = body.Split("--" + boundary);
        Assert.StartsWith("--", sections[^1]);
        foreach (var section in sections.Skip(1).SkipLast(1))
        {
            var (partHeaders, partBody) = SplitHeaders(section.TrimStart('\r', '\n'));
            Assert.Equal("base64", partHeaders["Content-Transfer-Encoding"]);
            var bytes = Convert.FromBase64String(string.Concat(partBody.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)));
            parts.Add((partHeaders["Content-Type"], Encoding.UTF8.GetString(bytes)));
        }

        return new EmlParser(headers, parts);
    }

    public static string DecodeWords(string value) =>
        EncodedWordPattern().Replace(
            WordGapPattern().Replace(value, "?==?"),
            m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)));

    private static (Dictionary<string, string> Headers, string Body) SplitHeaders(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no blank line after the headers");
        var unfolded = text[..end].Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in unfolded.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"not a header line: {line}");
            headers.Add(line[..colon], line[(colon + 1)..].Trim());
        }

        return (headers, text[(end + 4)..]);
    }

    [GeneratedRegex("boundary=\"([^\"]+)\"")]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex EncodedWordPattern();

    // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047, 6.2).
    [GeneratedRegex(@"\?=\s+=\?")]
    private static partial Regex WordGapPattern();
}
