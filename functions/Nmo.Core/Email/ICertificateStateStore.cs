using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>The certificate state kept on each attendee (the attendee store implements it).</summary>
public interface ICertificateStateStore
{
    /// <summary>
    /// Claims the certificates of <paramref name="attendeeKeys"/> that <paramref name="claim"/> may take, writing
    /// status "sending" with the claim's time and id, conditionally on each attendee's ETag (up to 100 per transaction).
    /// An attendee among <paramref name="known"/> is claimed on that version without being read; should it have
    /// changed since, it is read and decided like the others.
    /// </summary>
    Task<CertificateClaimResult> ClaimAsync(
        string eventId, IReadOnlyList<string> attendeeKeys, EmailClaim claim, IReadOnlyCollection<AttendeeVersion>? known, CancellationToken cancellationToken);

    /// <summary>
    /// Records the outcomes where the claim still holds (nothing changed the attendee since); returns the attendee
    /// keys recorded. An attendee changed meanwhile (a delivery report arrived first) keeps what it has. The
    /// outcomes are counted for <paramref name="uploadId"/> in the same transactions that record them.
    /// </summary>
    Task<IReadOnlyList<string>> RecordAsync(
        string eventId, string uploadId, string claimId, IReadOnlyList<CertificateOutcome> outcomes, CancellationToken cancellationToken);

    /// <summary>The upload's e-mailed and failed certificates, as counted with their recorded outcomes.</summary>
    Task<EmailTally> TallyAsync(string eventId, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the state a delivery report gives to one certificate when <paramref name="applies"/> says the stored
    /// state allows it and the attendee still holds the code the report's e-mail carried (its hash starts with
    /// <paramref name="codeHashPrefix"/>): a late report on a certificate since re-issued leaves the new one alone.
    /// The change of the attendee's upload's counts is written with it. Null when the attendee is unknown or the
    /// state was left as it was.
    /// </summary>
    Task<CertificateStateChange?> ApplyDeliveryReportAsync(
        string eventId, string attendeeKey, string codeHashPrefix, string status, string? error, Func<string, bool> applies, CancellationToken cancellationToken);
}
