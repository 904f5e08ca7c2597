namespace Nmo.Core.Email;

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
