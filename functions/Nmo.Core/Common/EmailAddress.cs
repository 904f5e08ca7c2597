namespace Nmo.Core.Common;

/// <summary>
/// The one plausibility check for e-mail addresses, of attendees in a list and of doctors in an activation, a module
/// completion or a re-issue alike: a certificate or a credit notice goes there, so an address that cannot receive
/// mail is worse than a refusal. Deliberately stricter than RFC 5322 (no quoted local parts, no IP literals, no
/// non-ASCII local parts: in practice those are typos, e.g. a Cyrillic keyboard layout).
/// </summary>
public static class EmailAddress
{
    public const string Missing = "email.missing";
    public const string Invalid = "email.invalid";
    public const string Undeliverable = "email.undeliverable";

    // RFC 2606/6761 names that never receive mail, and the example domains whose null MX (RFC 7505) refuses it.
    private static readonly HashSet<string> DeadTopLevels = new(StringComparer.OrdinalIgnoreCase) { "invalid", "localhost", "local", "localdomain" };
    private static readonly HashSet<string> DeadDomains = new(StringComparer.OrdinalIgnoreCase) { "example.com", "example.net", "example.org" };

    /// <summary>Returns null for a plausible address, else the issue code (<see cref="Missing"/>, <see cref="Invalid"/>, <see cref="Undeliverable"/>).</summary>
    public static string? Check(string? value)
    {
        var s = value?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return Missing;
        }

        var at = s.IndexOf('@');
        if (at <= 0 || at == s.Length - 1 || s.IndexOf('@', at + 1) >= 0 || at > 64 || s.Length > 254)
        {
            return Invalid;
        }

        var local = s.AsSpan(0, at);
        var domain = s.AsSpan(at + 1);
        if (!LocalPartOk(local) || !DomainOk(domain, out var tld))
        {
            return Invalid;
        }

        if (domain.Length == 0 || DeadTopLevels.Contains(tld) || DeadDomains.Contains(domain.ToString()))
        {
            return Undeliverable;
        }

        return null;
    }

    /// <summary>The domain of an address (for messages that must not show the whole address).</summary>
    public static string Domain(string email)
    {
        var at = email.LastIndexOf('@');
        return at < 0 ? string.Empty : email[(at + 1)..].Trim();
    }

    private static bool LocalPartOk(ReadOnlySpan<char> local)
    {
        if (local[0] == '.' || local[^1] == '.')
        {
            return false;
        }

        var previous = '\0';
        foreach (var c in local)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
                || "!#$%&'*+/=?^_`{|}~.-".Contains(c);
            if (!ok || (c == '.' && previous == '.'))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }

    private static bool DomainOk(ReadOnlySpan<char> domain, out string tld)
    {
        tld = string.Empty;
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            bool latin = false, other = false;
            foreach (var c in label)
            {
                if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'))
                {
                    latin = true;
                }
                else if (c > 0x7F && char.IsLetter(c))
                {
                    other = true;
                }
                else if (c is not ((>= '0' and <= '9') or '-'))
                {
                    return false;
                }
            }

            // "mаil.ru" with a Cyrillic "а" is a typo that no mail server answers for.
            if (latin && other)
            {
                return false;
            }

            labels++;
            tld = label.ToString();
        }

        if (labels < 2 || tld.Length < 2)
        {
            return false;
        }

        // A top-level domain is letters (or punycode); digits there mean an IP address or a typo.
        return tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) || tld.All(char.IsLetter);
    }
}
