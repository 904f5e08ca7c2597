using Azure;
using Azure.Data.Tables;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>Attendees of an event share its partition, so up to 100 are written in one transaction.</summary>
public sealed class TableAttendeeStore(StorageClients clients) : IAttendeeStore
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Attendees);

    public async Task<IReadOnlyList<AttendeeAddOutcome>> AddNewAsync(string eventId, IReadOnlyList<AttendeeRecord> attendees, CancellationToken cancellationToken)
    {
        var outcomes = new AttendeeAddOutcome[attendees.Count];
        var offset = 0;
        foreach (var chunk in attendees.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(a))), cancellationToken);
                for (var i = 0; i < chunk.Length; i++)
                {
                    outcomes[offset + i] = new AttendeeAddOutcome(chunk[i], Added: true);
                }
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // Someone in the chunk is stored already (an earlier delivery or another upload): decide one by one.
                for (var i = 0; i < chunk.Length; i++)
                {
                    outcomes[offset + i] = await AddOneAsync(chunk[i], cancellationToken);
                }
            }

            offset += chunk.Length;
        }

        return outcomes;
    }

    public async Task<IReadOnlyList<AttendeeRecord>> GetManyAsync(string eventId, IReadOnlyList<string> attendeeKeys, CancellationToken cancellationToken)
    {
        var result = new List<AttendeeRecord>(attendeeKeys.Count);
        using var gate = new SemaphoreSlim(16);
        var reads = attendeeKeys.Select(async key =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(eventId, key, cancellationToken: cancellationToken);
                return found.HasValue ? FromEntity(found.Value!) : null;
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var record in await Task.WhenAll(reads))
        {
            if (record is not null)
            {
                result.Add(record);
            }
        }

        return result;
    }

    public Task ReplaceCodeAsync(string eventId, string attendeeKey, string protectedCode, string codeHash, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(
            new TableEntity(eventId, attendeeKey) { ["ProtectedCode"] = protectedCode, ["CodeHash"] = codeHash },
            ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task UpdateCertificatesAsync(string eventId, IReadOnlyList<CertificateUpdate> updates, CancellationToken cancellationToken)
    {
        foreach (var chunk in updates.Chunk(100))
        {
            var actions = chunk.Select(u => new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(eventId, u.AttendeeKey)
            {
                ["CertificateStatus"] = u.Status,
                ["CertificateSentAt"] = u.SentAt,
                ["CertificateError"] = u.Error,
            }));
            await table.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<AttendeeRecord>> ClaimCertificatesAsync(
        string eventId, IReadOnlyList<AttendeeRecord> attendees, string claimant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var claimed = new List<AttendeeRecord>(attendees.Count);
        foreach (var chunk in attendees.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(a => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Claim(a, claimant, at), EntityValues.ETag(a.ETag))), cancellationToken);
                claimed.AddRange(chunk.Select(a => a with { CertificateStatus = CertificateStatus.Sending, ClaimedBy = claimant, ClaimedAt = at }));
            }
            catch (TableTransactionFailedException e) when (EntityValues.IsConflict(e))
            {
                // Someone in the chunk changed since it was read: claim one by one.
                foreach (var attendee in chunk)
                {
                    if (await ClaimOneAsync(attendee, claimant, at, cancellationToken) is { } mine)
                    {
                        claimed.Add(mine);
                    }
                }
            }
        }

        return claimed;
    }

    private async Task<AttendeeRecord?> ClaimOneAsync(AttendeeRecord attendee, string claimant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(Claim(attendee, claimant, at), EntityValues.ETag(attendee.ETag), TableUpdateMode.Merge, cancellationToken);
            return attendee with { CertificateStatus = CertificateStatus.Sending, ClaimedBy = claimant, ClaimedAt = at };
        }
        catch (RequestFailedException e) when (EntityValues.IsConflict(e))
        {
            // Changed by someone else, or by this very claim whose answer was lost and retried.
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(attendee.EventId, attendee.AttendeeKey, cancellationToken: cancellationToken);
            return stored.HasValue && stored.Value is { } e2 && e2.GetString("ClaimedBy") == claimant && e2.GetString("CertificateStatus") == CertificateStatus.Sending
                ? FromEntity(e2)
                : null;
        }
    }

    private static TableEntity Claim(AttendeeRecord a, string claimant, DateTimeOffset at) => new(a.EventId, a.AttendeeKey)
    {
        ["CertificateStatus"] = CertificateStatus.Sending,
        ["ClaimedBy"] = claimant,
        ["ClaimedAt"] = at,
    };

    private async Task<AttendeeAddOutcome> AddOneAsync(AttendeeRecord attendee, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(ToEntity(attendee), cancellationToken);
            return new AttendeeAddOutcome(attendee, Added: true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var stored = await table.GetEntityAsync<TableEntity>(attendee.EventId, attendee.AttendeeKey, cancellationToken: cancellationToken);
            return new AttendeeAddOutcome(FromEntity(stored.Value), Added: false);
        }
    }

    private static TableEntity ToEntity(AttendeeRecord a) => new(a.EventId, a.AttendeeKey)
    {
        ["UploadId"] = a.UploadId,
        ["Line"] = a.Line,
        ["FullName"] = a.FullName,
        ["Email"] = a.Email,
        ["Language"] = a.Language,
        ["ProtectedCode"] = a.ProtectedCode,
        ["CodeHash"] = a.CodeHash,
        ["IssuedAt"] = a.IssuedAt,
        ["CertificateStatus"] = a.CertificateStatus,
        ["CertificateSentAt"] = a.CertificateSentAt,
        ["CertificateError"] = a.CertificateError,
    };

    private static AttendeeRecord FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("UploadId"), e.GetInt32("Line") ?? 0, e.GetString("FullName"), e.GetString("Email"),
        e.GetString("Language") ?? "ru", e.GetString("ProtectedCode"), e.GetString("CodeHash"), e.GetDateTimeOffset("IssuedAt") ?? default,
        e.GetString("CertificateStatus"), e.GetDateTimeOffset("CertificateSentAt"), e.GetString("CertificateError"),
        e.GetString("ClaimedBy"), e.GetDateTimeOffset("ClaimedAt"), EntityValues.ETagOf(e));
}
