namespace Nmo.Core.Email;

/// <summary>Checks that a call with delivery reports was signed by the mail service (SendGrid's signed Event Webhook).</summary>
public interface IDeliveryReportSignature
{
    /// <summary>False when no verification key is configured: then no call can be trusted.</summary>
    bool IsConfigured { get; }

    bool Verify(string payload, string signature, string timestamp);
}
