using Nmo.Core.Localization;

namespace Nmo.Core.Common;

/// <summary>
/// The rule for a required single-line text a caller sends (a title, a place, a provider's name): present, not too
/// long, and without control characters, which would corrupt the certificates and e-mails it is printed in.
/// </summary>
public static class TextField
{
    /// <summary>Why <paramref name="value"/> cannot be used, in the caller's language, or null when it can.</summary>
    public static string? Check(string? value, string field, int maxLength, Language language) =>
        string.IsNullOrWhiteSpace(value) ? Texts.Get("field.required", language, field)
        : value.Length > maxLength ? Texts.Get("field.too-long", language, field, maxLength)
        : value.Any(char.IsControl) ? Texts.Get("field.invalid", language, field, Texts.Get("reason.control-characters", language))
        : null;
}
