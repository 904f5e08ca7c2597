using Azure;
using Azure.Data.Tables;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// The <c>Emails</c> table: one entity per e-mail key (its own partition, so claims never contend with each other).
/// The e-mail's address is not stored here: the key says what the e-mail is about, its subject record says where it went.
/// </summary>
public sealed class TableEmailStateStore(StorageClients clients) : IEmailStateStore
{
    private const string Row = "state";
    private readonly TableClient table = clients.Table(StorageNames.Tables.Emails);

    public async Task<EmailClaimResult> ClaimAsync(string key, EmailClaim claim, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 6; attempt++)
        {
            // A first delivery finds no state: the insert alone decides it, and only a taken key is read (the first
            // attempt is that insert, so five still read what another sender left).
            var current = attempt == 0 ? null : await FindAsync(key, cancellationToken);
            if (current is not null && !claim.CanTake(current.Status, current.ClaimedAt))
            {
                return current.Status == EmailStatus.Sending ? new EmailClaimResult.HeldElsewhere() : new EmailClaimResult.Done(current.Status);
            }

            var written = current is null
                ? await table.TryAddAsync(Entity(key, EmailStatus.Sending, claim.ClaimId, claim.ClaimedAt, null, null), cancellationToken)
                : await table.TryUpdateAsync(
                    Entity(key, EmailStatus.Sending, claim.ClaimId, claim.ClaimedAt, null, current.Error), new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken);
            if (written is not null)
            {
                return new EmailClaimResult.Claimed(written.Headers.ETag!.Value.ToString());
            }

            // Another sender got there between our read and write: look again at what it left.
        }

        return new EmailClaimResult.HeldElsewhere();
    }

    public Task<bool> RecordAsync(string key, string etag, string status, DateTimeOffset? sentAt, string? error, CancellationToken cancellationToken) =>
        table.TryReplaceAsync(Entity(key, status, null, null, sentAt, error), new ETag(etag), cancellationToken);

    public async Task<EmailState?> FindAsync(string key, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(key, Row, cancellationToken) is { } e
            ? new EmailState(key, e.GetString("Status"), e.GetDateTimeOffset("ClaimedAt"), e.GetDateTimeOffset("SentAt"), e.GetString("Error"), e.ETag.ToString())
            : null;

    public Task<bool> TryUpdateAsync(EmailState state, CancellationToken cancellationToken) =>
        table.TryReplaceAsync(
            Entity(state.Key, state.Status, null, state.ClaimedAt, state.SentAt, state.Error), new ETag(state.ETag), cancellationToken);

    private static TableEntity Entity(string key, string status, string? claimId, DateTimeOffset? claimedAt, DateTimeOffset? sentAt, string? error) => new(key, Row)
    {
        ["Status"] = status,
        ["ClaimId"] = claimId,
        ["ClaimedAt"] = claimedAt,
        ["SentAt"] = sentAt,
        ["Error"] = error,
    };
}
