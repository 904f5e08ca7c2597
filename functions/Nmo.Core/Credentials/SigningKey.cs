using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Nmo.Core.Credentials;

/// <summary>
/// One issuer key on the P-256 curve. Its name is its RFC 7638 JWK thumbprint, so a key is named by what it is:
/// no separate key id to configure, and a new key always gets a new name.
/// </summary>
public sealed class SigningKey
{
    private readonly ECDsa key;

    internal SigningKey(ECDsa key)
    {
        this.key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        X = Base64Url.EncodeToString(parameters.Q.X);
        Y = Base64Url.EncodeToString(parameters.Q.Y);
        // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}";
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public string Thumbprint { get; }

    private string X { get; }

    private string Y { get; }

    /// <summary>The public half only, as a JWK; never the private "d".</summary>
    public JsonObject PublicJwk(string keyId) => new()
    {
        ["kty"] = "EC",
        ["crv"] = "P-256",
        ["x"] = X,
        ["y"] = Y,
        ["kid"] = keyId,
        ["use"] = "sig",
        ["alg"] = SigningKeyRing.Algorithm,
    };

    /// <summary>ES256 (RFC 7518 §3.4): ECDSA P-256 with SHA-256, the signature as R||S of 32 bytes each.</summary>
    internal byte[] Sign(byte[] input) => key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
