using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nmo.Core.Email;
using SendGrid.Helpers.EventWebhook;

namespace Nmo.Infrastructure.Email;

/// <summary>
/// Verifies SendGrid's signed Event Webhook with the SDK's <see cref="RequestValidator"/>: an ECDSA (P-256, SHA-256)
/// signature over the timestamp header followed by the raw body, checked against the verification key SendGrid
/// shows under Mail Settings (setting <c>SendGrid:WebhookPublicKey</c>, Base64 DER).
/// </summary>
public sealed class SendGridEventSignature : IDeliveryReportSignature
{
    public const string SignatureHeader = RequestValidator.SIGNATURE_HEADER;
    public const string TimestampHeader = RequestValidator.TIMESTAMP_HEADER;

    private readonly RequestValidator validator = new();
    private readonly EllipticCurve.PublicKey? publicKey;
    private readonly ILogger logger;

    public SendGridEventSignature(string? publicKey, ILogger<SendGridEventSignature>? logger = null)
    {
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return;
        }

        if (SendGridOptionsValidator.IsUnresolvedReference(publicKey))
        {
            this.logger.LogError("SendGrid:WebhookPublicKey is an unresolved Key Vault reference (the app could not read the secret); the e-mail event webhook refuses every call.");
            return;
        }

        try
        {
            this.publicKey = validator.ConvertPublicKeyToECDSA(publicKey.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            // A broken key must not take the app down; the webhook refuses every call until it is fixed.
            this.logger.LogError("SendGrid:WebhookPublicKey is not a Base64 DER public key ({Error}); the e-mail event webhook refuses every call.", e.GetType().Name);
        }
    }

    public bool IsConfigured => publicKey is not null;

    public bool Verify(string payload, string signature, string timestamp)
    {
        if (publicKey is null)
        {
            return false;
        }

        try
        {
            return validator.VerifySignature(publicKey, payload, signature, timestamp);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // starkbank-ecdsa throws on a signature that is not Base64 DER; that is a wrong signature, not a fault.
            logger.LogDebug("Webhook signature could not be parsed ({Error}).", e.GetType().Name);
            return false;
        }
    }
}
