using System.Text;
using System.Text.RegularExpressions;

namespace Nmo.LocalHost;

/// <summary>Reads the local .eml outbox the way an attendee reads mail: finds messages and the code in a certificate.</summary>
public static partial class LocalOutbox
{
    public static IReadOnlyList<string> Messages(string directory, string keyFragment) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.eml").Where(f => Path.GetFileName(f).Contains(keyFragment, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The decoded text of every part of an .eml file: each run of base64 lines is decoded.</summary>
    public static string ReadText(string path)
    {
        var raw = File.ReadAllText(path);
        var text = new StringBuilder(raw);
        var run = new StringBuilder();
        foreach (var line in raw.ReplaceLineEndings("\n").Split('\n').Append(""))
        {
            if (line.Length >= 4 && Base64Block().IsMatch(line))
            {
                run.Append(line);
                continue;
            }

            if (run.Length >= 16)
            {
                try
                {
                    text.Append('\n').Append(Encoding.UTF8.GetString(Convert.FromBase64String(run.ToString())));
                }
                catch (FormatException)
                {
                    // Not base64 after all: the raw text above already holds it.
                }
            }

            run.Clear();
        }

        return text.ToString();
    }

    public static string? FindCode(string path) => CodePattern().Match(ReadText(path)) is { Success: true } m ? m.Value : null;

    [GeneratedRegex("^[A-Za-z0-9+/]+={0,2}$")]
    private static partial Regex Base64Block();

    [GeneratedRegex(@"\b[0-9A-HJKMNP-TV-Y]{4}-[0-9A-HJKMNP-TV-Y]{8}\b")]
    private static partial Regex CodePattern();
}
