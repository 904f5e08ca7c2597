namespace Nmo.Core.Uploads;

public static class CertificateStatus
{
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Bounced = "bounced";
}
