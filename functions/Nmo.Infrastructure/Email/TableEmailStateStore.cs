using Azure;
using Azure.Data.Tables;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Email;

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
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await FindAsync(key, cancellationToken);
            try
            {
                if (current is null)
                {
                    var added = await table.AddEntityAsync(Entity(key, EmailStatus.Sending, claim.ClaimId, claim.ClaimedAt, null, null), cancellationToken);
                    return new EmailClaimResult.Claimed(added.Headers.ETag!.Value.ToString());
                }

                if (!claim.CanTake(current.Status, current.ClaimedAt))
                {
                    return current.Status == EmailStatus.Sending ? new EmailClaimResult.HeldElsewhere() : new EmailClaimResult.Done(current.Status);
                }

                var updated = await table.UpdateEntityAsync(
                    Entity(key, EmailStatus.Sending, claim.ClaimId, claim.ClaimedAt, null, current.Error), new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken);
                return new EmailClaimResult.Claimed(updated.Headers.ETag!.Value.ToString());
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another sender got there between our read and write: look again at what it left.
            }
        }

        return new EmailClaimResult.HeldElsewhere();
    }

    public async Task<bool> RecordAsync(string key, string etag, string status, DateTimeOffset? sentAt, string? error, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(Entity(key, status, null, null, sentAt, error), new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task<EmailState?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(key, Row, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e
            ? new EmailState(key, e.GetString("Status"), e.GetDateTimeOffset("ClaimedAt"), e.GetDateTimeOffset("SentAt"), e.GetString("Error"), e.ETag.ToString())
            : null;
    }

    public async Task<bool> TryUpdateAsync(EmailState state, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(
                Entity(state.Key, state.Status, null, state.ClaimedAt, state.SentAt, state.Error), new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static TableEntity Entity(string key, string status, string? claimId, DateTimeOffset? claimedAt, DateTimeOffset? sentAt, string? error) => new(key, Row)
    {
        ["Status"] = status,
        ["ClaimId"] = claimId,
        ["ClaimedAt"] = claimedAt,
        ["SentAt"] = sentAt,
        ["Error"] = error,
    };
}
