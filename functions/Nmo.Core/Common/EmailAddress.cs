using System.Buffers;

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
    // Looked up by span, so that checking the cells of a file allocates no string per row.
    private static readonly NameSet DeadTopLevels = new("invalid", "localhost", "local", "localdomain");
    private static readonly NameSet DeadDomains = new("example.com", "example.net", "example.org");

    private static readonly SearchValues<char> LocalPartChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~.-");

    /// <summary>Returns null for a plausible address, else the issue code (<see cref="Missing"/>, <see cref="Invalid"/>, <see cref="Undeliverable"/>).</summary>
    public static string? Check(string? value) => Check(value.AsSpan());

    /// <summary>The same check on the characters of an address, wherever they are held.</summary>
    public static string? Check(ReadOnlySpan<char> value)
    {
        var s = value.Trim();
        if (s.IsEmpty)
        {
            return Missing;
        }

        var at = s.IndexOf('@');
        // A second "@" needs no search of its own: neither part may hold one, so the part checks refuse it.
        if (at <= 0 || at == s.Length - 1 || at > 64 || s.Length > 254)
        {
            return Invalid;
        }

        var local = s[..at];
        var domain = s[(at + 1)..];
        if (!LocalPartOk(local) || !DomainOk(domain, out var tld))
        {
            return Invalid;
        }

        if (DeadTopLevels.Contains(tld) || DeadDomains.Contains(domain))
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
        if (local[0] == '.' || local[^1] == '.' || local.ContainsAnyExcept(LocalPartChars))
        {
            return false;
        }

        for (var i = 1; i < local.Length; i++)
        {
            if (local[i] == '.' && local[i - 1] == '.')
            {
                return false;
            }
        }

        return true;
    }

    private static bool DomainOk(ReadOnlySpan<char> domain, out ReadOnlySpan<char> tld)
    {
        tld = default;
        if (domain.Length is 0 or > 253)
        {
            return false;
        }

        // One pass over the labels (between the dots), each checked as it ends.
        var labels = 0;
        var start = 0;
        bool latin = false, other = false;
        for (var i = 0; i <= domain.Length; i++)
        {
            if (i == domain.Length || domain[i] == '.')
            {
                var length = i - start;
                if (length is 0 or > 63 || domain[start] == '-' || domain[i - 1] == '-')
                {
                    return false;
                }

                // "mаil.ru" with a Cyrillic "а" is a typo that no mail server answers for.
                if (latin && other)
                {
                    return false;
                }

                labels++;
                tld = domain.Slice(start, length);
                start = i + 1;
                latin = other = false;
                continue;
            }

            var c = domain[i];
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

        if (labels < 2 || tld.Length < 2)
        {
            return false;
        }

        // A top-level domain is letters (or punycode); digits there mean an IP address or a typo.
        return tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase) || AllLetters(tld);
    }

    private static bool AllLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
