using System.Security.Cryptography;

namespace Nmo.Core.Codes;

/// <summary>Encrypts a code for storage so that a certificate e-mail can be sent again without keeping the plaintext.</summary>
public interface ICodeProtector
{
    string Protect(string canonicalCode);

    /// <exception cref="CryptographicException">The value was altered, truncated, or protected with another key.</exception>
    string Unprotect(string protectedCode);
}
