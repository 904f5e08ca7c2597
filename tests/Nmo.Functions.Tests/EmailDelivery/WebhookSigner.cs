using System.Security.Cryptography;
using System.Text;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>Signs webhook payloads as SendGrid does: ECDSA P-256 with SHA-256 over timestamp + body, DER, Base64.</summary>
internal sealed class WebhookSigner : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>What SendGrid shows as the verification key: the public key's SubjectPublicKeyInfo in Base64.</summary>
    public string PublicKey => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    public string Sign(string timestamp, string payload) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public void Dispose() => key.Dispose();
}
