using System.Text.RegularExpressions;

namespace Nmo.Core.Email;

/// <summary>
/// Personal data never reaches a log in the clear: an address keeps just enough to tell two apart while
/// debugging ("i***@c***.ru"), a code keeps only its first group.
/// </summary>
public static partial class LogMask
{
    public static string Email(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "(none)";
        }

        var trimmed = address.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return "***";
        }

        var local = trimmed[..at];
        var domain = trimmed[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var maskedDomain = dot > 0 && dot < domain.Length - 1
            ? $"{domain[0]}***{domain[dot..]}"
            : $"{domain[0]}***";
        return $"{local[0]}***@{maskedDomain}";
    }

    /// <summary>Masks every address inside free text, e.g. an error message a mail service returned.</summary>
    public static string EmailsIn(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : AddressPattern().Replace(text, m => Email(m.Value));

    /// <summary>A confirmation code with everything after its first group hidden ("ABCD-********").</summary>
    public static string Code(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return "(none)";
        }

        var trimmed = code.Trim();
        return trimmed.Length <= 4 ? "****" : $"{trimmed[..4]}-********";
    }

    /// <summary>Masks every confirmation code (<c>XXXX-XXXXXXXX</c>) inside free text.</summary>
    public static string CodesIn(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : CodePattern().Replace(text, m => Code(m.Value));

    /// <summary>Free text (a queue message, a mail service's answer) with its addresses and codes masked.</summary>
    public static string Redact(string? text) => CodesIn(EmailsIn(text));

    [GeneratedRegex(@"[^\s@<>""'(),;:]+@[^\s@<>""'(),;:]+", RegexOptions.CultureInvariant)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9A-Za-z]{4}[-\s][0-9A-Za-z]{8}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
