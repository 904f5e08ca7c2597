using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Nmo.Core.Attendance;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// Upload records (partition = upload id), their row issues (table UploadRows, partition = upload id, one row
/// per line) and the content-hash claims that make a repeated file answer with its first upload.
/// </summary>
public sealed class TableUploadStore(StorageClients clients) : IUploadStore
{
    private const string RecordRow = "upload";
    private readonly TableClient table = clients.Table(StorageNames.Tables.Uploads);
    private readonly TableClient rows = clients.Table(StorageNames.Tables.UploadRows);

    public async Task<UploadRecord?> FindAsync(string uploadId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(uploadId, RecordRow, cancellationToken) is { } e ? FromEntity(e) : null;

    public Task AddAsync(UploadRecord upload, CancellationToken cancellationToken) =>
        table.AddEntityAsync(ToEntity(upload), cancellationToken);

    public Task<bool> TryReplaceAsync(UploadRecord upload, CancellationToken cancellationToken) =>
        table.TryReplaceAsync(ToEntity(upload), EntityValues.ETag(upload.ETag), cancellationToken);

    public async Task<string?> ClaimContentAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken)
    {
        var claim = new TableEntity($"content|{eventId}", contentHash) { ["UploadId"] = uploadId };
        if (await table.TryAddAsync(claim, cancellationToken) is not null)
        {
            return null;
        }

        var existing = await table.GetEntityAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken);
        return existing.Value.GetString("UploadId");
    }

    public async Task ReleaseContentAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken)
    {
        if (await table.GetEntityOrNullAsync($"content|{eventId}", contentHash, cancellationToken) is not { } entity || entity.GetString("UploadId") != uploadId)
        {
            return;
        }

        try
        {
            // With the ETag: a claim someone else has just taken over stays theirs.
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404 || e.IsConflict())
        {
            // Gone already, or taken over since it was read: either way no longer ours to release.
        }
    }

    public async Task DeleteAsync(string uploadId, CancellationToken cancellationToken)
    {
        await table.DeleteEntityAsync(uploadId, RecordRow, ETag.All, cancellationToken);
        await foreach (var row in rows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await rows.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
        }
    }

    public async Task AddIssuesAsync(string uploadId, IReadOnlyList<RowIssue> issues, CancellationToken cancellationToken)
    {
        // Keyed by line: a reprocessed upload overwrites its own rows instead of adding them twice.
        foreach (var chunk in issues.DistinctBy(i => i.Line).Chunk(100))
        {
            var actions = chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(uploadId, LineKey(i.Line))
            {
                ["Line"] = i.Line,
                ["Column"] = i.Column,
                ["Kind"] = i.Kind.ToString(),
                ["Code"] = i.Code,
                ["Args"] = EntityValues.ToJson(i.Args),
            }));
            await rows.SubmitInOnePartitionAsync(actions, cancellationToken);
        }
    }

    public async IAsyncEnumerable<RowIssue> ListIssuesAsync(string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in rows.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}"), cancellationToken: cancellationToken))
        {
            yield return new RowIssue(
                e.GetInt32("Line") ?? 0, e.GetString("Column") ?? "", Enum.Parse<RowIssueKind>(e.GetString("Kind")), e.GetString("Code"),
                EntityValues.FromJson<string[]>(e, "Args", []));
        }
    }

    public async IAsyncEnumerable<UploadRecord> ListReceivedBeforeAsync(DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey eq {RecordRow} and Status eq {UploadStatus.Received} and ReceivedAt lt {before}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    private static string LineKey(int line) => line.ToString("D10", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(UploadRecord u) => new(u.UploadId, RecordRow)
    {
        ["EventId"] = u.EventId,
        ["ProviderId"] = u.ProviderId,
        ["Status"] = u.Status,
        ["ContentHash"] = u.ContentHash,
        ["BlobName"] = u.BlobName,
        ["Bytes"] = u.Bytes,
        ["ReceivedAt"] = u.ReceivedAt,
        ["Encoding"] = u.Encoding,
        ["Delimiter"] = u.Delimiter,
        ["Rows"] = u.Rows,
        ["Processed"] = u.Processed,
        ["Accepted"] = u.Accepted,
        ["Rejected"] = u.Rejected,
        ["Issued"] = u.Issued,
        ["AlreadyIssued"] = u.AlreadyIssued,
        ["Emailed"] = u.Emailed,
        ["EmailFailed"] = u.EmailFailed,
        ["Warnings"] = EntityValues.ToJson(u.Warnings),
        ["Problems"] = EntityValues.ToJson(u.Problems),
        ["FailureReason"] = u.FailureReason,
        ["FailedAttempts"] = u.FailedAttempts,
        ["CompletedAt"] = u.CompletedAt,
    };

    internal static UploadRecord FromEntity(TableEntity e) => new()
    {
        UploadId = e.PartitionKey,
        EventId = e.GetString("EventId"),
        ProviderId = e.GetString("ProviderId"),
        Status = e.GetString("Status"),
        ContentHash = e.GetString("ContentHash"),
        BlobName = e.GetString("BlobName"),
        Bytes = e.GetInt64("Bytes") ?? 0,
        ReceivedAt = e.GetDateTimeOffset("ReceivedAt") ?? default,
        Encoding = e.GetString("Encoding") ?? "",
        Delimiter = e.GetString("Delimiter") ?? "",
        Rows = e.GetInt32("Rows") ?? 0,
        Processed = e.GetInt32("Processed") ?? 0,
        Accepted = e.GetInt32("Accepted") ?? 0,
        Rejected = e.GetInt32("Rejected") ?? 0,
        Issued = e.GetInt32("Issued") ?? 0,
        AlreadyIssued = e.GetInt32("AlreadyIssued") ?? 0,
        Emailed = e.GetInt32("Emailed") ?? 0,
        EmailFailed = e.GetInt32("EmailFailed") ?? 0,
        Warnings = EntityValues.FromJson<FileIssue[]>(e, "Warnings", []),
        Problems = EntityValues.FromJson<FileIssue[]>(e, "Problems", []),
        FailureReason = e.GetString("FailureReason"),
        FailedAttempts = e.GetInt32("FailedAttempts") ?? 0,
        CompletedAt = e.GetDateTimeOffset("CompletedAt"),
        ETag = EntityValues.ETagOf(e),
    };
}
