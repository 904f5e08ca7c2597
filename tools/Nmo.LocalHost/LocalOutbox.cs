using System.Text.RegularExpressions;
using MimeKit;

namespace Nmo.LocalHost;

/// <summary>Reads the local .eml outbox the way an attendee reads mail: finds messages and the code in a certificate.</summary>
public static partial class LocalOutbox
{
    public static IReadOnlyList<string> Messages(string directory, string keyFragment) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.eml").Where(f => Path.GetFileName(f).Contains(keyFragment, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>What a mail program shows of an .eml file: the subject and every text part (plain and HTML), decoded.</summary>
    public static string ReadText(string path)
    {
        using var message = MimeMessage.Load(path);
        var parts = message.BodyParts.OfType<TextPart>().Select(p => p.Text);
        return string.Join("\n", [message.Subject ?? string.Empty, .. parts]);
    }

    public static string? FindCode(string path) => CodePattern().Match(ReadText(path)) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\b[0-9A-HJKMNP-TV-Y]{4}-[0-9A-HJKMNP-TV-Y]{8}\b")]
    private static partial Regex CodePattern();
}
