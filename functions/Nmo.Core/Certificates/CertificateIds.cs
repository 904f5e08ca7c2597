using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Nmo.Core.Certificates;

/// <summary>
/// Certificate ids are public (printed, linked, in QR codes), so they must not be guessable: 128 random bits,
/// drawn apart from the code, written as 22 base64url characters.
/// </summary>
public static partial class CertificateIds
{
    public const int RandomBytes = 16;
    public const int Length = 22;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>Whether <paramref name="id"/> could be an id at all; anything else is answered 404 without a look-up.</summary>
    /// <remarks>
    /// Only the one spelling <see cref="New"/> writes: 21 characters of six bits, then one holding the last two bits
    /// followed by zeros (A, Q, g or w). The decoder would also take '+', '/', '=' and non-zero trailing bits, which
    /// would give one certificate many ids.
    /// </remarks>
    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{21}[AQgw]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
