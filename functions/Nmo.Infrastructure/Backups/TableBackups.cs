using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Backups;

/// <summary>
/// The daily export of the tables that prove credits (<see cref="StorageNames.Tables.BackedUp"/>) to the backups
/// container, and its restore into an empty store. Tables have no soft delete or versioning in Azure; these
/// exports, in a versioned container with a time-based immutability policy, are the ledger's second copy.
/// An export is not a snapshot across tables (each is read in turn); it runs at night, when nothing is uploaded.
/// </summary>
public sealed class TableBackups(StorageClients clients, TimeProvider time, ILogger<TableBackups> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The timer's export: today's (UTC) date.</summary>
    public Task<TableExportResult> ExportTodayAsync(CancellationToken cancellationToken) =>
        ExportAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);

    /// <summary>
    /// Exports every backed-up table as it is now under <paramref name="day"/>. Idempotent: a day already exported
    /// is left as it is (the container would refuse an overwrite anyway), and after a crash only the tables
    /// missing are written.
    /// </summary>
    public async Task<TableExportResult> ExportAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var container = clients.Container(StorageNames.Containers.Backups);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (await ReadManifestAsync(container, day, cancellationToken) is { } done)
        {
            logger.LogInformation("Tables already exported for {Day}; nothing written", BackupNames.Folder(day));
            return new TableExportResult(day, done.Tables, AlreadyExported: true);
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in StorageNames.Tables.BackedUp)
        {
            counts[table] = await ExportTableAsync(container.GetBlobClient(BackupNames.TableBlob(day, table)), table, cancellationToken);
        }

        var manifest = new BackupManifest(BackupNames.Folder(day), time.GetUtcNow(), counts);
        await UploadOnceAsync(container.GetBlobClient(BackupNames.Manifest(day)), BinaryData.FromObjectAsJson(manifest, Json).ToStream(), cancellationToken);
        logger.LogInformation("Exported tables for {Day}: {Counts}", BackupNames.Folder(day), string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));
        return new TableExportResult(day, counts, AlreadyExported: false);
    }

    /// <summary>
    /// Writes the export of <paramref name="day"/> in this store's backups container into <paramref name="target"/>,
    /// which must hold none of the backed-up tables' entities: a restore never mixes with live data.
    /// </summary>
    public async Task<TableRestoreResult> RestoreAsync(DateOnly day, StorageClients target, CancellationToken cancellationToken)
    {
        var empty = new Dictionary<string, int>();
        var container = clients.Container(StorageNames.Containers.Backups);
        var manifest = await ReadManifestAsync(container, day, cancellationToken);
        if (manifest is null)
        {
            var days = await ListDaysAsync(container, cancellationToken);
            return new TableRestoreResult(day, empty, $"no complete export for {BackupNames.Folder(day)} in '{StorageNames.Containers.Backups}'" +
                (days.Count == 0 ? " (the container holds none)" : $"; complete exports: {string.Join(", ", days.TakeLast(10))}"));
        }

        await target.EnsureCreatedAsync(cancellationToken);
        var occupied = new List<string>();
        foreach (var table in manifest.Tables.Keys)
        {
            await foreach (var _ in target.Table(table).QueryAsync<TableEntity>(maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                occupied.Add(table);
                break;
            }
        }

        if (occupied.Count > 0)
        {
            return new TableRestoreResult(day, empty, $"the target store is not empty (tables {string.Join(", ", occupied)} hold entities); restore only into an empty store");
        }

        var restored = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (table, expected) in manifest.Tables)
        {
            restored[table] = await RestoreTableAsync(container.GetBlobClient(BackupNames.TableBlob(day, table)), target.Table(table), cancellationToken);
            if (restored[table] != expected)
            {
                throw new InvalidDataException($"The export of {table} for {manifest.Day} holds {restored[table]} entities, its manifest says {expected}.");
            }
        }

        return new TableRestoreResult(day, restored, Refusal: null);
    }

    private async Task<int> ExportTableAsync(BlobClient blob, string table, CancellationToken cancellationToken)
    {
        if (await blob.ExistsAsync(cancellationToken))
        {
            return await CountAsync(blob, cancellationToken);
        }

        var file = Path.GetTempFileName();
        try
        {
            var count = 0;
            await using (var output = File.Create(file))
            await using (var zip = new GZipStream(output, CompressionLevel.Optimal))
            await using (var writer = new StreamWriter(zip, new UTF8Encoding(false)))
            {
                try
                {
                    await foreach (var entity in clients.Table(table).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
                    {
                        await writer.WriteLineAsync(BackupEntityFormat.ToLine(entity).AsMemory(), cancellationToken);
                        count++;
                    }
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // A table not created yet holds nothing; the empty export says so.
                }
            }

            await using var content = File.OpenRead(file);
            return await UploadOnceAsync(blob, content, cancellationToken) ? count : await CountAsync(blob, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <returns>False when the blob existed already (another run wrote it first): it is kept, never overwritten.</returns>
    private static async Task<bool> UploadOnceAsync(BlobClient blob, Stream content, CancellationToken cancellationToken)
    {
        try
        {
            await blob.UploadAsync(content, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static async Task<int> CountAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in ReadLinesAsync(blob, cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync(BlobClient blob, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await blob.OpenReadAsync(cancellationToken: cancellationToken);
        await using var zip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(zip, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    private static async Task<int> RestoreTableAsync(BlobClient blob, TableClient table, CancellationToken cancellationToken)
    {
        var count = 0;
        var batch = new List<TableTransactionAction>();
        async Task FlushAsync()
        {
            if (batch.Count > 0)
            {
                await table.SubmitInOnePartitionAsync(batch, cancellationToken);
                count += batch.Count;
                batch.Clear();
            }
        }

        // The export lists a table in key order, so one partition's entities come together: up to 100 per transaction.
        await foreach (var line in ReadLinesAsync(blob, cancellationToken))
        {
            var entity = BackupEntityFormat.FromLine(line);
            if (batch.Count == 100 || (batch.Count > 0 && batch[0].Entity.PartitionKey != entity.PartitionKey))
            {
                await FlushAsync();
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Add, entity));
        }

        await FlushAsync();
        return count;
    }

    private static async Task<BackupManifest?> ReadManifestAsync(BlobContainerClient container, DateOnly day, CancellationToken cancellationToken)
    {
        try
        {
            var content = await container.GetBlobClient(BackupNames.Manifest(day)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<BackupManifest>(Json);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static async Task<List<string>> ListDaysAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        var days = new List<string>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (blob.Name.EndsWith("/" + BackupNames.ManifestFile, StringComparison.Ordinal))
                {
                    days.Add(blob.Name[..blob.Name.IndexOf('/', StringComparison.Ordinal)]);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        return days;
    }
}
