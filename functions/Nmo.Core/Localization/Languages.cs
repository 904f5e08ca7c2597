namespace Nmo.Core.Localization;

public static class Languages
{
    /// <summary>Reads an Accept-Language header (or a stored preference): English only when English is preferred over Russian.</summary>
    public static Language FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Language.Ru;
        }

        var best = header.Split(',')
            .Select(part => part.Split(';'))
            .Select(bits => (Tag: bits[0].Trim().ToLowerInvariant(), Q: ParseQuality(bits.Skip(1))))
            .Where(x => x.Tag.StartsWith("en", StringComparison.Ordinal) || x.Tag.StartsWith("ru", StringComparison.Ordinal))
            .OrderByDescending(x => x.Q)
            .FirstOrDefault();
        return best.Tag?.StartsWith("en", StringComparison.Ordinal) == true && best.Q > 0 ? Language.En : Language.Ru;
    }

    public static Language Parse(string? value) =>
        value is not null && value.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Language.En : Language.Ru;

    public static string Code(this Language language) => language == Language.En ? "en" : "ru";

    private static double ParseQuality(IEnumerable<string> parameters)
    {
        foreach (var p in parameters)
        {
            var kv = p.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim() == "q" &&
                double.TryParse(kv[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q))
            {
                return q;
            }
        }

        return 1.0;
    }
}
