namespace Nmo.Core.Email;

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
