using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Nmo.Core.Email;

/// <summary>
/// The whole template language: <c>{{name}}</c> inserts a value, <c>{{#name}}...{{/name}}</c> keeps its inside only
/// when the value is not empty. Batch values are written in now (HTML-escaped in the HTML part); recipient values
/// stay as placeholders for the sender, the HTML part pointing at their pre-escaped <c>.html</c> variant.
/// </summary>
internal static partial class TemplateRenderer
{
    public const string HtmlSuffix = ".html";

    public static string Render(
        string template,
        string fileName,
        bool html,
        IReadOnlyDictionary<string, string?> values,
        IReadOnlyCollection<string> recipientKeys)
    {
        var withSections = SectionPattern().Replace(template, match =>
        {
            var name = match.Groups["name"].Value;
            if (!values.TryGetValue(name, out var value))
            {
                throw new EmailTemplateException(
                    $"Template '{fileName}': unknown section {{{{#{name}}}}}. Known names: {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))}.");
            }

            return string.IsNullOrEmpty(value) ? string.Empty : match.Groups["body"].Value;
        });

        return PlaceholderPattern().Replace(withSections, match =>
        {
            var name = match.Groups["name"].Value;
            if (match.Groups["mark"].Length > 0)
            {
                throw new EmailTemplateException(
                    $"Template '{fileName}': {match.Value} has no matching {{{{#{name}}}}}...{{{{/{name}}}}} pair.");
            }

            if (values.TryGetValue(name, out var value))
            {
                return html ? EscapeHtml(value ?? string.Empty) : Neutralise(value ?? string.Empty);
            }

            if (recipientKeys.Contains(name))
            {
                return html ? $"{{{{{name}{HtmlSuffix}}}}}" : $"{{{{{name}}}}}";
            }

            var known = values.Keys.Concat(recipientKeys).Order(StringComparer.Ordinal);
            throw new EmailTemplateException(
                $"Template '{fileName}': unknown placeholder {match.Value}. Known names: {string.Join(", ", known)}.");
        });
    }

    /// <summary>One pass, so a value that itself looks like <c>{{x}}</c> is never expanded again.</summary>
    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        FillPattern().Replace(text, m => values.TryGetValue(m.Groups["name"].Value, out var v) ? v : m.Value);

    public static string SingleLine(string text) =>
        WhitespaceRun().Replace(text, " ").Trim();

    public static string EscapeHtml(string value) =>
        WebUtility.HtmlEncode(value).Replace("{", "&#123;", StringComparison.Ordinal);

    /// <summary>
    /// A batch value such as a hostile event title containing <c>{{code}}</c> must not turn into a placeholder the
    /// sender fills; a zero-width space between the braces breaks the match without changing what a reader sees.
    /// </summary>
    private static string Neutralise(string value)
    {
        if (!value.Contains("{{", StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 4);
        for (var i = 0; i < value.Length; i++)
        {
            sb.Append(value[i]);
            if (value[i] == '{' && i + 1 < value.Length && value[i + 1] == '{')
            {
                sb.Append('\u200B');
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\{\{\s*#\s*(?<name>[A-Za-z][\w.]*)\s*\}\}(?<body>.*?)\{\{\s*/\s*\k<name>\s*\}\}", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex SectionPattern();

    [GeneratedRegex(@"\{\{\s*(?<mark>[#/^]?)\s*(?<name>[A-Za-z][\w.]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\{\{(?<name>[A-Za-z][\w.]*)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex FillPattern();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhitespaceRun();
}
