using System.Diagnostics.Metrics;

namespace Nmo.Core.Telemetry;

/// <summary>
/// The operators' metrics, every instrument declared here once on <see cref="NmoTelemetry.Meter"/>. The names are
/// what Azure Monitor stores (<c>customMetrics</c>/<c>AppMetrics</c>) and what the alerts and the workbook in
/// <c>infra/</c> query; a test compares them, so a rename here must be made there too.
/// </summary>
public static class NmoMetrics
{
    public const string RowsAcceptedName = "nmo.upload.rows.accepted";
    public const string RowsRejectedName = "nmo.upload.rows.rejected";
    public const string CodesIssuedName = "nmo.codes.issued";
    public const string CertificatesSentName = "nmo.certificates.sent";
    public const string CertificatesFailedName = "nmo.certificates.failed";
    public const string CertificatesBouncedName = "nmo.certificates.bounced";
    public const string ActivationsName = "nmo.activations";
    public const string QueueOldestAgeName = "nmo.queue.oldest_age";
    public const string PoisonDepthName = "nmo.queue.poison_depth";

    /// <summary>On <see cref="Activations"/>: the status the portal was answered, "200", "404", … or "5xx" for an error.</summary>
    public const string ActivationStatusTag = "nmo.activation.status";

    /// <summary>On <see cref="CertificatesBounced"/>: what the mail service reported, "bounced" or "dropped".</summary>
    public const string EmailStatusTag = "nmo.email.status";

    /// <summary>On the queue gauges: the pipeline queue measured (its poison queue for <see cref="PoisonDepth"/>).</summary>
    public const string QueueTag = "messaging.destination.name";

    /// <summary>What an activation that threw is counted as: the portal sees 500, or 503 while storage is down.</summary>
    public const string ServerErrorStatus = "5xx";

    public static IReadOnlyList<string> All { get; } =
    [
        RowsAcceptedName, RowsRejectedName, CodesIssuedName, CertificatesSentName, CertificatesFailedName,
        CertificatesBouncedName, ActivationsName, QueueOldestAgeName, PoisonDepthName,
    ];

    /// <summary>Valid rows of uploads, counted once per processed slice (an attendee issued before included).</summary>
    public static Counter<long> RowsAccepted { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(RowsAcceptedName, "{row}", "Upload rows read as valid attendees.");

    public static Counter<long> RowsRejected { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(RowsRejectedName, "{row}", "Upload rows refused with a row issue.");

    public static Counter<long> CodesIssued { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(CodesIssuedName, "{code}", "Confirmation codes issued to attendees.");

    /// <summary>Certificates the mail service accepted, counted when the outcome is recorded.</summary>
    public static Counter<long> CertificatesSent { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(CertificatesSentName, "{certificate}", "Certificate e-mails the mail service accepted.");

    /// <summary>Certificates the mail service refused for good; a refusal that may pass is retried, not counted.</summary>
    public static Counter<long> CertificatesFailed { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(CertificatesFailedName, "{certificate}", "Certificate e-mails the mail service refused.");

    /// <summary>Certificates accepted, then reported undeliverable by the mail service's delivery reports.</summary>
    public static Counter<long> CertificatesBounced { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(CertificatesBouncedName, "{certificate}", "Certificate e-mails reported bounced or dropped.");

    public static Counter<long> Activations { get; } =
        NmoTelemetry.Meter.CreateCounter<long>(ActivationsName, "{activation}", "Code activations by the status the portal was answered.");

    /// <summary>Age of the oldest visible message in each pipeline queue (0 when empty), measured by a timer.</summary>
    public static Gauge<double> QueueOldestAge { get; } =
        NmoTelemetry.Meter.CreateGauge<double>(QueueOldestAgeName, "s", "Age of the oldest message waiting in the queue.");

    /// <summary>Messages in each poison queue, measured by a timer; anything above 0 needs an operator.</summary>
    public static Gauge<long> PoisonDepth { get; } =
        NmoTelemetry.Meter.CreateGauge<long>(PoisonDepthName, "{message}", "Messages parked in the queue's poison queue.");
}
