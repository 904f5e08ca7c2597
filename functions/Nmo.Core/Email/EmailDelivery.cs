using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>
/// Where one e-mail stands. The sender moves it queued → sending (a claim) → sent or failed; SendGrid's event
/// webhook then reports delivered, bounced, dropped or spamreport. The certificate values equal
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

/// <summary>
/// A sender's hold on e-mails it is about to send. Two deliveries of one queue message race for the same e-mails;
/// the claim (an ETag-conditional write) lets exactly one of them send each. A claim older than
/// <see cref="StaleBefore"/> belongs to a sender that died, and may be taken over.
/// </summary>
public sealed record EmailClaim(string ClaimId, DateTimeOffset ClaimedAt, DateTimeOffset StaleBefore)
{
    /// <summary>Whether an e-mail in <paramref name="status"/>, claimed at <paramref name="claimedAt"/>, may be claimed now.</summary>
    public bool CanTake(string? status, DateTimeOffset? claimedAt) =>
        status == EmailStatus.Queued || (status == EmailStatus.Sending && (claimedAt is null || claimedAt < StaleBefore));
}

/// <summary>A certificate this sender holds, with the version of the stored attendee its claim wrote.</summary>
public sealed record ClaimedCertificate(AttendeeRecord Attendee, string ETag);

/// <summary>What became of one claimed certificate.</summary>
public sealed record CertificateOutcome(ClaimedCertificate Claimed, string Status, DateTimeOffset? SentAt, string? Error);

/// <summary>The outcome of a claim over some attendees of one event.</summary>
/// <param name="Claimed">Now held by this claim: send these.</param>
/// <param name="HeldElsewhere">Claimed by another sender recently; it may still be sending them.</param>
public sealed record CertificateClaimResult(IReadOnlyList<ClaimedCertificate> Claimed, IReadOnlyList<string> HeldElsewhere);

/// <summary>A certificate's e-mail state change that a webhook event asked for, as the store applied it.</summary>
public sealed record CertificateEventResult(AttendeeRecord Attendee, string PreviousStatus);

/// <summary>The certificate state kept on each attendee (the attendee store implements it).</summary>
public interface ICertificateStateStore
{
    /// <summary>
    /// Claims the certificates of <paramref name="attendeeKeys"/> that <paramref name="claim"/> may take, writing
    /// status "sending" with the claim's time and id, conditionally on each attendee's ETag (up to 100 per transaction).
    /// </summary>
    Task<CertificateClaimResult> ClaimAsync(string eventId, IReadOnlyList<string> attendeeKeys, EmailClaim claim, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcomes where the claim still holds (nothing changed the attendee since); returns the attendee
    /// keys recorded. An attendee changed meanwhile (a webhook event arrived first) keeps what it has.
    /// </summary>
    Task<IReadOnlyList<string>> RecordAsync(string eventId, string claimId, IReadOnlyList<CertificateOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a webhook state to one certificate when <paramref name="applies"/> says the stored state allows it;
    /// null when the attendee is unknown or the state was left as it was.
    /// </summary>
    Task<CertificateEventResult?> ApplyEventAsync(
        string eventId, string attendeeKey, string status, string? error, Func<string, bool> applies, CancellationToken cancellationToken);
}

/// <summary>The state of a single e-mail that has no record of its own to carry it (a credit notice), by its key.</summary>
public sealed record EmailState(string Key, string Status, DateTimeOffset? ClaimedAt, DateTimeOffset? SentAt, string? Error, string ETag);

/// <summary>What a claim on a single e-mail found.</summary>
public abstract record EmailClaimResult
{
    private EmailClaimResult()
    {
    }

    /// <summary>This sender holds it; <see cref="ETag"/> is the version to record the outcome against.</summary>
    public sealed record Claimed(string ETag) : EmailClaimResult;

    /// <summary>Another sender claimed it recently and may still be sending it.</summary>
    public sealed record HeldElsewhere : EmailClaimResult;

    /// <summary>It has an outcome already (sent, failed, delivered...).</summary>
    public sealed record Done(string Status) : EmailClaimResult;
}

/// <summary>The <c>Emails</c> table: per-key state of e-mails whose subject record is not the place to keep it.</summary>
public interface IEmailStateStore
{
    Task<EmailClaimResult> ClaimAsync(string key, EmailClaim claim, CancellationToken cancellationToken);

    /// <summary>Records the outcome if the e-mail is still as the claim left it (its ETag); false when it changed.</summary>
    Task<bool> RecordAsync(string key, string etag, string status, DateTimeOffset? sentAt, string? error, CancellationToken cancellationToken);

    Task<EmailState?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>Replaces the state if unchanged since read; false when it changed.</summary>
    Task<bool> TryUpdateAsync(EmailState state, CancellationToken cancellationToken);
}

/// <summary>How long a claim protects the e-mails it holds; longer than one send with all its retries.</summary>
public sealed class EmailDeliveryOptions
{
    public const string SectionName = "Email:Delivery";

    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
