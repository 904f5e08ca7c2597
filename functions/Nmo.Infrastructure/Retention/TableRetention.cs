using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Retention;

/// <summary>
/// The daily retention run (<see cref="RetentionOptions"/>): raw uploads older than their retention are deleted
/// with their per-row results (in Azure the lifecycle rule deletes the blobs too, and their versions); attendee
/// records, certificates' holder names and ledger contact data older than theirs are anonymised
/// (<see cref="PersonalData"/>). What proves a credit stays: no ledger entry, code or certificate is deleted.
/// </summary>
public sealed class TableRetention(StorageClients clients, RetentionOptions options, TimeProvider time, ILogger<TableRetention> logger)
{
    public const string By = "retention";

    public async Task<RetentionSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var raw = await DeleteRawUploadsAsync(now.AddDays(-options.RawUploadsDays), now, cancellationToken);
        var attendeeCutoff = now.AddDays(-options.AttendeesDays);
        var attendees = await AnonymiseOlderAsync(StorageNames.Tables.Attendees, "IssuedAt", attendeeCutoff, now, cancellationToken);
        var certificates = await AnonymiseOlderAsync(StorageNames.Tables.Certificates, "IssuedAt", attendeeCutoff, now, cancellationToken);
        var ledger = await AnonymiseOlderAsync(StorageNames.Tables.Ledger, "CreditedAt", now.AddYears(-options.LedgerYears), now, cancellationToken);
        var result = new RetentionSweepResult(raw, attendees, certificates, ledger);
        logger.LogInformation("Retention: {Result}", result);
        return result;
    }

    private async Task<int> DeleteRawUploadsAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter($"ReceivedAt lt {cutoff}");
        await foreach (var upload in clients.Table(StorageNames.Tables.Uploads).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (upload.GetString("BlobName") is { Length: > 0 } blobName && !upload.ContainsKey(RawUploadRemoval.RawDeletedAt))
            {
                await RawUploadRemoval.DeleteAsync(clients, upload, blobName, now, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    private async Task<int> AnonymiseOlderAsync(string tableName, string dateProperty, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = clients.Table(tableName);
        var count = 0;
        var filter = dateProperty + " lt " + TableClient.CreateQueryFilter($"{cutoff}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if ((await Anonymiser.AnonymiseAsync(table, entity, By, now, cancellationToken)).Count > 0)
            {
                count++;
            }
        }

        return count;
    }
}
