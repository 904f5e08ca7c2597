using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Nmo.Core.Certificates;
using Nmo.Core.Configuration;

namespace Nmo.Core.Codes;

/// <summary>
/// The code secrets, from the one configured key (<see cref="SettingNames.CodeHashKey"/>): HKDF-SHA256 derives a
/// separate HMAC key, AES-256-GCM key and certificate-holder HMAC key from it, so no use can leak another.
/// </summary>
public sealed class CodeSecrets : ICodeHasher, ICodeProtector, ICertificateHolderKeys
{
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// What App Service passes instead of a secret when it cannot resolve a Key Vault reference; codes hashed under
    /// that public text would never activate once the real key arrives.
    /// </summary>
    public const string UnresolvedKeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>Values published in this repository (<c>local.settings.sample.json</c>): anyone can read them.</summary>
    public static IReadOnlyList<string> SampleKeys { get; } = ["local-development-only-change-me-0123456789abcdef"];

    private const string Version = "v1";
    private const string Prefix = Version + ".";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private static readonly byte[] HashKeyInfo = Encoding.ASCII.GetBytes("nmo/codes/lookup-hmac-sha256/v1");
    private static readonly byte[] EncryptionKeyInfo = Encoding.ASCII.GetBytes("nmo/codes/protect-aes256gcm/v1");
    private static readonly byte[] HolderKeyInfo = Encoding.ASCII.GetBytes("nmo/certificates/holder-hmac-sha256/v1");

    // 128 bits, as the certificate id: as hard to guess as the certificate itself.
    private const int HolderKeyBytes = 16;

    // Binds each ciphertext to its format version.
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes(Prefix);

    private readonly byte[] hashKey;
    private readonly byte[] encryptionKey;
    private readonly byte[] holderKey;

    public CodeSecrets(string key)
    {
        if (key is null)
        {
            throw new ArgumentNullException(nameof(key), KeyProblem(key));
        }

        if (KeyProblem(key) is { } problem)
        {
            throw new ArgumentException(problem, nameof(key));
        }

        var keyBytes = Encoding.UTF8.GetBytes(key);
        hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, keyBytes, 32, salt: [], info: HashKeyInfo);
        encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, keyBytes, 32, salt: [], info: EncryptionKeyInfo);
        holderKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, keyBytes, 32, salt: [], info: HolderKeyInfo);
        CryptographicOperations.ZeroMemory(keyBytes);
    }

    /// <summary>Why <paramref name="key"/> cannot be the code key, naming the setting it comes from; null when it can.</summary>
    public static string? KeyProblem(string? key)
    {
        var setting = $"'{SettingNames.CodeHashKey}' (app setting '{SettingNames.AsAppSetting(SettingNames.CodeHashKey)}')";
        if (string.IsNullOrEmpty(key))
        {
            return $"The code key is not configured: set {setting} to a random value of at least {MinimumKeyBytes} bytes " +
                "(e.g. 32 random bytes in base64).";
        }

        if (key.TrimStart().StartsWith(UnresolvedKeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return $"The code key {setting} is an unresolved Key Vault reference: the app could not read the secret " +
                "(check the secret's name and the app identity's 'Key Vault Secrets User' role, then restart the app).";
        }

        if (SampleKeys.Contains(key.Trim(), StringComparer.Ordinal))
        {
            return $"The code key {setting} is the published sample value: set a random value of your own " +
                $"(e.g. 'openssl rand -base64 {MinimumKeyBytes}').";
        }

        var bytes = Encoding.UTF8.GetByteCount(key);
        return bytes < MinimumKeyBytes
            ? $"The code key {setting} is too short: {bytes} bytes, at least {MinimumKeyBytes} are required " +
              "(use a long random value, e.g. 32 random bytes in base64)."
            : null;
    }

    /// <remarks>
    /// The code is brought to canonical form first, so any spelling the normaliser accepts hashes alike; a value that
    /// is not 12 symbols long is refused, because hashing it could only ever miss.
    /// </remarks>
    public string Hash(string canonicalCode)
    {
        var canonical = Canonical(canonicalCode);
        var hash = HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(hash);
    }

    public string For(string certificateId)
    {
        ArgumentNullException.ThrowIfNull(certificateId);
        return Base64Url.EncodeToString(HolderMac(certificateId));
    }

    public bool Matches(string certificateId, string? key)
    {
        ArgumentNullException.ThrowIfNull(certificateId);
        // The one spelling For writes, compared as text: a padded or otherwise re-spelled key is no key.
        return key is not null && CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(key.AsSpan()), MemoryMarshal.AsBytes(For(certificateId).AsSpan()));
    }

    private byte[] HolderMac(string certificateId) =>
        HMACSHA256.HashData(holderKey, Encoding.UTF8.GetBytes(certificateId))[..HolderKeyBytes];

    /// <returns><c>v1.</c> followed by base64url of nonce, ciphertext and tag; a fresh nonce each time.</returns>
    public string Protect(string canonicalCode)
    {
        var plaintext = Encoding.UTF8.GetBytes(Canonical(canonicalCode));
        var sealedBytes = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        var ciphertext = sealedBytes.AsSpan(NonceBytes, plaintext.Length);
        var tag = sealedBytes.AsSpan(NonceBytes + plaintext.Length, TagBytes);

        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(encryptionKey, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData);
        }

        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    public string Unprotect(string protectedCode)
    {
        ArgumentNullException.ThrowIfNull(protectedCode);
        if (!protectedCode.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("The protected code has an unknown format.");
        }

        var encoded = protectedCode.AsSpan(Prefix.Length);
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(encoded);
        }
        catch (FormatException)
        {
            throw new CryptographicException("The protected code is not valid base64url.");
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("The protected code is truncated.");
        }

        var cipherLength = sealedBytes.Length - NonceBytes - TagBytes;
        var plaintext = new byte[cipherLength];
        using (var aes = new AesGcm(encryptionKey, TagBytes))
        {
            // Throws AuthenticationTagMismatchException (a CryptographicException) on any alteration or wrong key.
            aes.Decrypt(
                sealedBytes.AsSpan(0, NonceBytes),
                sealedBytes.AsSpan(NonceBytes, cipherLength),
                sealedBytes.AsSpan(NonceBytes + cipherLength, TagBytes),
                plaintext,
                AssociatedData);
        }

        return Encoding.UTF8.GetString(plaintext);
    }

    private static string Canonical(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var symbols = ConfirmationCode.Normalize(code);
        if (symbols.Length != ConfirmationCode.SymbolCount)
        {
            throw new ArgumentException("Not a confirmation code: 12 symbols are required.", nameof(code));
        }

        return string.Concat(symbols.AsSpan(0, 4), "-", symbols.AsSpan(4));
    }
}
