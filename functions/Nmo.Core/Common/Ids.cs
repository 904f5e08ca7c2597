using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Nmo.Core.Common;

/// <summary>Identifiers that come from callers end up in storage keys and URLs, so only a safe alphabet is accepted.</summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id) => id is not null && SafeId().IsMatch(id);

    /// <summary>A new random identifier: a prefix and 16 lower-case base32 characters (80 bits).</summary>
    public static string New(string prefix)
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<char> chars = stackalloc char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return prefix + "-" + new string(chars);
    }

    /// <summary>A short stable key for a value that must not appear in storage keys (an e-mail address).</summary>
    public static string Digest(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
