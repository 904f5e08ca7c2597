using Azure;
using Azure.Data.Tables;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// Attendees of an event share its partition, so up to 100 are written in one transaction. Each attendee also
/// carries its certificate's e-mail state: status, the sender's claim (id and time), when it was sent, why it failed.
/// Beside them, in the same partition, are the uploads' e-mail tallies (row keys from <see cref="TallyPrefix"/> on,
/// after every attendee key): each is written in the same transaction as the outcomes it counts, so an upload's
/// e-mailed and failed counts, their sum, cannot lag behind the outcomes under a fault. Queries for attendees use
/// <see cref="AttendeesOf"/>, which leaves the tallies out.
/// </summary>
public sealed class TableAttendeeStore(StorageClients clients) : IAttendeeStore, ICertificateStateStore
{
    private const string Status = "CertificateStatus";
    private const string ClaimId = "CertificateClaimId";
    private const string ClaimedAt = "CertificateClaimedAt";
    private const string SentAt = "CertificateSentAt";
    private const string Error = "CertificateError";
    private const string CertificateIdColumn = "CertificateId";
    private const string WithdrawnAtColumn = "WithdrawnAt";
    private const string WithdrawalReasonColumn = "WithdrawalReason";

    /// <summary>Sorts after every attendee key (hex digests), so a range below it holds the attendees only.</summary>
    public const string TallyPrefix = "~tally|";

    /// <summary>Outcomes per transaction: one place of Table Storage's 100 is their tally's.</summary>
    private const int OutcomesPerTransaction = 99;

    private readonly TableClient table = clients.Table(StorageNames.Tables.Attendees);

    /// <summary>The filter for an event's attendees, without the tallies stored beside them.</summary>
    public static string AttendeesOf(string eventId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey lt {TallyPrefix}");

    public async Task<EmailTally> TallyAsync(string eventId, string uploadId, CancellationToken cancellationToken)
    {
        var (from, to) = TallyRange(uploadId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {from} and RowKey lt {to}");
        var emailed = 0;
        var failed = 0;
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["Emailed", "Failed"], cancellationToken: cancellationToken))
        {
            emailed += e.GetInt32("Emailed") ?? 0;
            failed += e.GetInt32("Failed") ?? 0;
        }

        return new EmailTally(emailed, failed);
    }

    public async Task<IReadOnlyList<AttendeeAddOutcome>> AddNewAsync(string eventId, IReadOnlyList<AttendeeRecord> attendees, CancellationToken cancellationToken)
    {
        var outcomes = new AttendeeAddOutcome[attendees.Count];
        var offset = 0;
        foreach (var chunk in attendees.Chunk(100))
        {
            var actions = chunk.Select(a => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(a)));
            if (await table.TrySubmitTransactionAsync(actions, cancellationToken) is { } responses)
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    outcomes[offset + i] = new AttendeeAddOutcome(chunk[i], Added: true, responses[i].Headers.ETag?.ToString());
                }
            }
            else
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

    public async Task<IReadOnlyList<AttendeeRecord>> GetManyAsync(string eventId, IReadOnlyList<string> attendeeKeys, CancellationToken cancellationToken) =>
        [.. (await ReadEachAsync(eventId, attendeeKeys, cancellationToken)).Select(FromEntity)];

    public async Task<bool> TryReplaceCodeAsync(
        string eventId, string attendeeKey, string expectedCodeHash, string protectedCode, string codeHash, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await table.GetEntityOrNullAsync(eventId, attendeeKey, cancellationToken) is not { } entity ||
                entity.GetString("CodeHash") != expectedCodeHash || entity.GetDateTimeOffset(WithdrawnAtColumn) is not null)
            {
                return false;
            }

            // Conditional on the version read: a concurrent re-issue writing its code in between makes this one lose.
            var change = new TableEntity(eventId, attendeeKey) { ["ProtectedCode"] = protectedCode, ["CodeHash"] = codeHash };
            if (await table.TryUpdateAsync(change, entity.ETag, TableUpdateMode.Merge, cancellationToken) is not null)
            {
                return true;
            }

            // Changed in between, perhaps only its certificate state: decide again on what is stored.
        }

        return false;
    }

    public async Task<AttendeeRecord?> MarkWithdrawnAsync(string eventId, string attendeeKey, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await table.GetEntityOrNullAsync(eventId, attendeeKey, cancellationToken) is not { } entity)
            {
                return null;
            }

            if (entity.GetDateTimeOffset(WithdrawnAtColumn) is not null)
            {
                return FromEntity(entity);
            }

            // Conditional on the version read: a re-issue giving a new code in between is seen, and the caller revokes that one.
            var change = new TableEntity(eventId, attendeeKey) { [WithdrawnAtColumn] = at, [WithdrawalReasonColumn] = reason };
            if (await table.TryUpdateAsync(change, entity.ETag, TableUpdateMode.Merge, cancellationToken) is not null)
            {
                entity[WithdrawnAtColumn] = at;
                entity[WithdrawalReasonColumn] = reason;
                return FromEntity(entity);
            }
        }

        throw new InvalidOperationException($"Attendee {attendeeKey} of event {eventId} kept changing while it was withdrawn.");
    }

    public async Task<bool> HasAnyAsync(string eventId, CancellationToken cancellationToken)
    {
        await foreach (var page in table.QueryAsync<TableEntity>(AttendeesOf(eventId), maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    public Task SetCertificateIdAsync(string eventId, string attendeeKey, string certificateId, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(
            new TableEntity(eventId, attendeeKey) { [CertificateIdColumn] = certificateId }, ETag.All, TableUpdateMode.Merge, cancellationToken);

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
            await table.SubmitInOnePartitionAsync(actions, cancellationToken);
        }
    }

    public async Task<CertificateClaimResult> ClaimAsync(
        string eventId, IReadOnlyList<string> attendeeKeys, EmailClaim claim, IReadOnlyCollection<AttendeeVersion>? known, CancellationToken cancellationToken)
    {
        var keys = attendeeKeys.Distinct(StringComparer.Ordinal).ToList();
        var claimed = new List<ClaimedCertificate>();
        var heldElsewhere = new List<string>();

        // Known versions still queued are claimed as they are; a refusal only says the attendee changed, so it is
        // read and decided below like an attendee nobody knew. A known "sending" is always read: the record holds
        // no claim time, and a claim still fresh is another sender's.
        // Only the first version of each key this message names is used; one of another event is not this one's.
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var versions = new List<(AttendeeRecord Attendee, ETag ETag)>();
        foreach (var version in known ?? [])
        {
            var firstOfItsKey = version.Attendee.EventId == eventId && wanted.Remove(version.Attendee.AttendeeKey);
            if (firstOfItsKey && version.Attendee.CertificateStatus == EmailStatus.Queued)
            {
                versions.Add((version.Attendee, new ETag(version.ETag)));
            }
        }

        var refused = new HashSet<string>(StringComparer.Ordinal);
        await TakeAsync(eventId, versions, claim, claimed, refused, cancellationToken);
        var taken = claimed.Select(c => c.Attendee.AttendeeKey).ToHashSet(StringComparer.Ordinal);

        var candidates = new List<(AttendeeRecord Attendee, ETag ETag)>();
        foreach (var entity in await ReadEachAsync(eventId, keys.Where(k => !taken.Contains(k)), cancellationToken))
        {
            if (claim.CanTake(entity.GetString(Status), entity.GetDateTimeOffset(ClaimedAt)))
            {
                candidates.Add((FromEntity(entity), entity.ETag));
            }
            else if (entity.GetString(Status) == EmailStatus.Sending)
            {
                heldElsewhere.Add(entity.RowKey);
            }
        }

        refused.Clear();
        await TakeAsync(eventId, candidates, claim, claimed, refused, cancellationToken);
        heldElsewhere.AddRange(refused);
        return new CertificateClaimResult(claimed, heldElsewhere);
    }

    /// <summary>
    /// Claims each attendee on its version, 100 to a transaction; those whose version is no longer the stored one
    /// go to <paramref name="refused"/>.
    /// </summary>
    private async Task TakeAsync(
        string eventId, IReadOnlyList<(AttendeeRecord Attendee, ETag ETag)> candidates, EmailClaim claim,
        List<ClaimedCertificate> claimed, HashSet<string> refused, CancellationToken cancellationToken)
    {
        foreach (var chunk in candidates.Chunk(100))
        {
            var changes = chunk.Select(c => new TableEntity(eventId, c.Attendee.AttendeeKey)
            {
                [Status] = EmailStatus.Sending,
                [ClaimId] = claim.ClaimId,
                [ClaimedAt] = claim.ClaimedAt,
                ETag = c.ETag,
            }).ToArray();
            var responses = await table.TrySubmitTransactionAsync(
                changes.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateMerge, c, c.ETag)), cancellationToken);
            if (responses is not null)
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    claimed.Add(Claimed(chunk[i].Attendee, responses[i].Headers.ETag));
                }
            }
            else
            {
                // One of them changed since its version was taken: the whole transaction is void, so the rest are
                // claimed one by one and only the changed ones are refused.
                foreach (var (candidate, change) in chunk.Zip(changes))
                {
                    if (await table.TryUpdateAsync(change, change.ETag, TableUpdateMode.Merge, cancellationToken) is { } response)
                    {
                        claimed.Add(Claimed(candidate.Attendee, response.Headers.ETag));
                    }
                    else
                    {
                        refused.Add(candidate.Attendee.AttendeeKey);
                    }
                }
            }
        }
    }

    public async Task<IReadOnlyList<string>> RecordAsync(
        string eventId, string uploadId, string claimId, IReadOnlyList<CertificateOutcome> outcomes, CancellationToken cancellationToken)
    {
        var recorded = new List<string>();
        foreach (var chunk in outcomes.Chunk(OutcomesPerTransaction))
        {
            var actions = chunk.Select(o => new TableTransactionAction(TableTransactionActionType.UpdateMerge, OutcomeEntity(eventId, o), new ETag(o.Claimed.ETag))).ToList();
            if (Tally(eventId, uploadId, chunk.Select(o => o.Status)) is { } tally)
            {
                actions.Add(tally);
            }

            if (await table.TrySubmitTransactionAsync(actions, cancellationToken) is not null)
            {
                recorded.AddRange(chunk.Select(o => o.Claimed.Attendee.AttendeeKey));
            }
            else
            {
                foreach (var outcome in chunk)
                {
                    if (await RecordOneAsync(eventId, uploadId, claimId, outcome, cancellationToken))
                    {
                        recorded.Add(outcome.Claimed.Attendee.AttendeeKey);
                    }
                }
            }
        }

        return recorded;
    }

    public async Task<CertificateStateChange?> ApplyDeliveryReportAsync(
        string eventId, string attendeeKey, string codeHashPrefix, string status, string? error, Func<string, bool> applies, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (await table.GetEntityOrNullAsync(eventId, attendeeKey, cancellationToken) is not { } entity ||
                !(entity.GetString("CodeHash") ?? string.Empty).StartsWith(codeHashPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var previous = entity.GetString(Status) ?? EmailStatus.Queued;
            if (!applies(previous))
            {
                return null;
            }

            var change = new TableEntity(eventId, attendeeKey) { [Status] = status };
            if (error is not null)
            {
                change[Error] = error;
            }

            // The change of the upload's counts goes in the same transaction (a bounce after "sent": one e-mailed less, one failed more).
            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateMerge, change, entity.ETag)];
            var uploadId = entity.GetString("UploadId") ?? string.Empty;
            var emailed = Flag(EmailStatus.IsAccepted(status)) - Flag(EmailStatus.IsAccepted(previous));
            var failed = Flag(EmailStatus.IsFailure(status)) - Flag(EmailStatus.IsFailure(previous));
            if (emailed != 0 || failed != 0)
            {
                actions.Add(TallyEntity(eventId, uploadId, emailed, failed));
            }

            if (await table.TrySubmitTransactionAsync(actions, cancellationToken) is not null)
            {
                entity[Status] = status;
                entity[Error] = error ?? entity.GetString(Error);
                return new CertificateStateChange(FromEntity(entity), previous);
            }

            // Changed while we looked (the sender recording its outcome): decide again on what is stored now.
        }

        return null;
    }

    /// <summary>After a conflict: the outcome is still ours to record only if our claim is what is stored.</summary>
    private async Task<bool> RecordOneAsync(string eventId, string uploadId, string claimId, CertificateOutcome outcome, CancellationToken cancellationToken)
    {
        var key = outcome.Claimed.Attendee.AttendeeKey;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await table.GetEntityOrNullAsync(eventId, key, cancellationToken) is not { } entity ||
                entity.GetString(Status) != EmailStatus.Sending || entity.GetString(ClaimId) != claimId)
            {
                return false;
            }

            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateMerge, OutcomeEntity(eventId, outcome), entity.ETag)];
            if (Tally(eventId, uploadId, [outcome.Status]) is { } tally)
            {
                actions.Add(tally);
            }

            if (await table.TrySubmitTransactionAsync(actions, cancellationToken) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static int Flag(bool value) => value ? 1 : 0;

    private static string TallyKey(string uploadId, string id) => $"{TallyPrefix}{uploadId}|{id}";

    /// <summary>The row keys of an upload's tallies: from its prefix to just before the next upload id's.</summary>
    private static (string From, string To) TallyRange(string uploadId) => ($"{TallyPrefix}{uploadId}|", $"{TallyPrefix}{uploadId}}}");

    private static TableEntity OutcomeEntity(string eventId, CertificateOutcome o) => new(eventId, o.Claimed.Attendee.AttendeeKey)
    {
        [Status] = o.Status,
        [SentAt] = o.SentAt,
        [Error] = o.Error,
        [ClaimId] = null,
        [ClaimedAt] = null,
    };

    /// <summary>
    /// The count of the outcomes of one transaction, as an entity of its own (a fresh key): should the transaction be
    /// applied and its answer lost, its retry is void (the outcomes' ETags no longer match) and nothing counts twice,
    /// nor is an earlier count overwritten. Null when none of the outcomes counts (a send to retry).
    /// </summary>
    private static TableTransactionAction? Tally(string eventId, string uploadId, IEnumerable<string> statuses)
    {
        var list = statuses.ToList();
        var emailed = list.Count(EmailStatus.IsAccepted);
        var failed = list.Count(EmailStatus.IsFailure);
        return emailed == 0 && failed == 0 ? null : TallyEntity(eventId, uploadId, emailed, failed);
    }

    private static TableTransactionAction TallyEntity(string eventId, string uploadId, int emailed, int failed) =>
        new(TableTransactionActionType.Add, new TableEntity(eventId, TallyKey(uploadId, Guid.NewGuid().ToString("N"))) { ["Emailed"] = emailed, ["Failed"] = failed });

    private static ClaimedCertificate Claimed(AttendeeRecord attendee, ETag? etag) =>
        new(attendee with { CertificateStatus = EmailStatus.Sending },
            (etag ?? throw new InvalidOperationException("Table storage returned no ETag for a claimed attendee.")).ToString());

    /// <summary>The stored attendees among <paramref name="attendeeKeys"/>, in their order; 16 reads at a time.</summary>
    private async Task<IReadOnlyList<TableEntity>> ReadEachAsync(string eventId, IEnumerable<string> attendeeKeys, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(16);
        var reads = attendeeKeys.Select(async key =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await table.GetEntityOrNullAsync(eventId, key, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        });
        return [.. (await Task.WhenAll(reads)).OfType<TableEntity>()];
    }

    private async Task<AttendeeAddOutcome> AddOneAsync(AttendeeRecord attendee, CancellationToken cancellationToken)
    {
        if (await table.TryAddAsync(ToEntity(attendee), cancellationToken) is { } added)
        {
            return new AttendeeAddOutcome(attendee, Added: true, added.Headers.ETag?.ToString());
        }

        var stored = await table.GetEntityAsync<TableEntity>(attendee.EventId, attendee.AttendeeKey, cancellationToken: cancellationToken);
        return new AttendeeAddOutcome(FromEntity(stored.Value), Added: false, stored.Value.ETag.ToString());
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
        [CertificateIdColumn] = a.CertificateId,
        [WithdrawnAtColumn] = a.WithdrawnAt,
        [WithdrawalReasonColumn] = a.WithdrawalReason,
    };

    internal static AttendeeRecord FromEntity(TableEntity e) => new(
        e.PartitionKey, e.RowKey, e.GetString("UploadId"), e.GetInt32("Line") ?? 0, e.GetString("FullName"), e.GetString("Email"),
        e.GetString("Language") ?? "ru", e.GetString("ProtectedCode"), e.GetString("CodeHash"), e.GetDateTimeOffset("IssuedAt") ?? default,
        e.GetString("CertificateStatus"), e.GetDateTimeOffset("CertificateSentAt"), e.GetString("CertificateError"),
        e.GetString(CertificateIdColumn), e.GetDateTimeOffset(WithdrawnAtColumn), e.GetString(WithdrawalReasonColumn));
}
