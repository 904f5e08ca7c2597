using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// Where one e-mail stands. The sender moves it queued → sending (a claim) → sent or failed; SendGrid's delivery
/// reports (its Event Webhook) then say delivered, bounced, dropped or spamreport. The certificate values equal
/// <see cref="CertificateStatus"/>'s, which they extend.
/// </summary>
public static class EmailStatus
{
    public const string Queued = CertificateStatus.Queued;
    public const string Sending = "sending";
    public const string Sent = CertificateStatus.Sent;
    public const string Failed = CertificateStatus.Failed;
    public const string Bounced = CertificateStatus.Bounced;
    public const string Delivered = "delivered";
    public const string Dropped = "dropped";
    public const string SpamReport = "spamreport";

    /// <summary>The states that mean the e-mail did not reach the person: counted as failed on the upload.</summary>
    public static bool IsFailure(string? status) => status is Failed or Bounced or Dropped;

    /// <summary>The states that mean the mail service took the e-mail: counted as e-mailed on the upload.</summary>
    public static bool IsAccepted(string? status) => status is Sent or Delivered or SpamReport;
}
