using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;

namespace Nmo.Core.Credentials;

/// <summary>
/// The issuer's keys from <see cref="SettingNames.CredentialSigningKeys"/>: the first signs, all are published.
/// A setting that is missing or holds anything but P-256 private keys gives a ring with no keys and the reason,
/// so the credential routes refuse (503) instead of signing with something else.
/// </summary>
public sealed class SigningKeyRing
{
    /// <summary>
    /// ES256, as the brief of issue 15 allows; Open Badges 3.0 §8.2.3 names RS256 as the minimum a verifier must
    /// support and permits others ("their use limits interoperability"). P-256 keys are small enough for one
    /// Key Vault secret to hold several, which is what rotation needs.
    /// </summary>
    public const string Algorithm = "ES256";

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private SigningKeyRing(IReadOnlyList<SigningKey> keys, string? problem)
    {
        Keys = keys;
        Problem = problem;
    }

    /// <summary>Newest first; empty when <see cref="Problem"/> says why.</summary>
    public IReadOnlyList<SigningKey> Keys { get; }

    public string? Problem { get; }

    public SigningKey Current => Keys.Count > 0 ? Keys[0] : throw new InvalidOperationException(Problem);

    public static SigningKeyRing FromSetting(string? bundle)
    {
        var setting = $"'{SettingNames.CredentialSigningKeys}' (app setting '{SettingNames.AsAppSetting(SettingNames.CredentialSigningKeys)}')";
        if (string.IsNullOrWhiteSpace(bundle))
        {
            return new([], $"The credential signing key is not configured: set {setting} to a PKCS#8 PEM private key on the P-256 curve " +
                "(e.g. 'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'); 'nmo serve' makes one under .nmo/.");
        }

        if (bundle.TrimStart().StartsWith(CodeSecrets.UnresolvedKeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new([], $"The credential signing key {setting} is an unresolved Key Vault reference: the app could not read the secret " +
                "(check the secret's name and the app identity's 'Key Vault Secrets User' role, then restart the app).");
        }

        var keys = new List<SigningKey>();
        var rest = bundle.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (!label.SequenceEqual("PRIVATE KEY"))
            {
                return new([], $"The credential signing keys {setting} hold a '{label}' block: only PKCS#8 'PRIVATE KEY' blocks are taken.");
            }

            var key = ECDsa.Create();
            try
            {
                key.ImportPkcs8PrivateKey(Convert.FromBase64String(rest[fields.Base64Data].ToString()), out _);
            }
            catch (CryptographicException)
            {
                key.Dispose();
                return new([], $"Key {keys.Count + 1} of the credential signing keys {setting} is not an EC private key.");
            }

            if (key.ExportParameters(false).Curve.Oid?.Value != P256Oid)
            {
                key.Dispose();
                return new([], $"Key {keys.Count + 1} of the credential signing keys {setting} is not on the P-256 curve, which ES256 needs.");
            }

            keys.Add(new SigningKey(key));
            rest = rest[fields.Location.End..];
        }

        return keys.Count == 0
            ? new([], $"The credential signing keys {setting} hold no PEM private key.")
            : new(keys, null);
    }

    /// <summary>A new P-256 private key as PKCS#8 PEM.</summary>
    public static string NewKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>
    /// The bundle with a new key in front: it signs from now on, and the keys before it stay published. A bundle
    /// that is not usable is refused rather than replaced, since its keys may have signed credentials.
    /// </summary>
    public static string Rotate(string? bundle)
    {
        if (string.IsNullOrWhiteSpace(bundle))
        {
            return NewKeyPem() + "\n";
        }

        var ring = FromSetting(bundle);
        if (ring.Problem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return NewKeyPem() + "\n" + bundle.Trim() + "\n";
    }

    /// <summary>
    /// A compact JWS (RFC 7515 §7.1) of <paramref name="payload"/> signed by the current key; the header has only
    /// the members Open Badges 3.0 §8.2.3 allows ("Additional JOSE Headers are NOT allowed").
    /// </summary>
    /// <param name="keyId">The URI the current key is published under (OB 3.0: a <c>kid</c> that dereferences to its JWK).</param>
    public string Sign(JsonObject payload, string keyId)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // OB 3.0 §8.2.3: typ, "If present, MUST be set to "JWT"" (VC-JOSE-COSE's "vc+jwt" is not what OB 3.0 allows).
        var header = new JsonObject { ["alg"] = Algorithm, ["kid"] = keyId, ["typ"] = "JWT" };
        var input = Encode(header) + "." + Encode(payload);
        return input + "." + Base64Url.EncodeToString(Current.Sign(Encoding.ASCII.GetBytes(input)));
    }

    private static string Encode(JsonObject value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(value.ToJsonString()));
}
