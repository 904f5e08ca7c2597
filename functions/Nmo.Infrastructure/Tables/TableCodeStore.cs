using Azure.Data.Tables;
using Nmo.Core.Codes;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// Codes keyed by their HMAC (no plaintext). The partition is the hash's first hex digit
/// (<see cref="ICodeStore.Partitions"/>): 16 partitions spread the load, and the upload draws each chunk's codes
/// into one of them, so a chunk's codes are one 100-entity transaction.
/// </summary>
public sealed class TableCodeStore(StorageClients clients) : ICodeStore
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Codes);

    public async Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(Partition(codeHash), codeHash, cancellationToken) is { } e ? FromEntity(e) : null;

    public async Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken)
    {
        var collisions = new List<string>();
        foreach (var partition in codes.GroupBy(c => Partition(c.CodeHash)))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                var actions = chunk.Select(c => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(c)));
                if (await table.TrySubmitTransactionAsync(actions, cancellationToken) is null)
                {
                    // One of them is stored already: the transaction wrote nothing, so decide one by one.
                    foreach (var code in chunk)
                    {
                        if (!await AddOneAsync(code, cancellationToken))
                        {
                            collisions.Add(code.CodeHash);
                        }
                    }
                }
            }
        }

        return collisions;
    }

    public Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken) =>
        table.TryReplaceAsync(ToEntity(code), EntityValues.ETag(code.ETag), cancellationToken);

    /// <summary>True when the code is stored for this attendee now (added, or added before); false for a collision.</summary>
    private async Task<bool> AddOneAsync(CodeRecord code, CancellationToken cancellationToken)
    {
        if (await table.TryAddAsync(ToEntity(code), cancellationToken) is not null)
        {
            return true;
        }

        var stored = FromEntity((await table.GetEntityAsync<TableEntity>(Partition(code.CodeHash), code.CodeHash, cancellationToken: cancellationToken)).Value);
        return stored.EventId == code.EventId && stored.AttendeeKey == code.AttendeeKey;
    }

    private static string Partition(string codeHash) => codeHash[..1];

    private static TableEntity ToEntity(CodeRecord c) => new(Partition(c.CodeHash), c.CodeHash)
    {
        ["EventId"] = c.EventId,
        ["AttendeeKey"] = c.AttendeeKey,
        ["Status"] = c.Status,
        ["DoctorId"] = c.DoctorId,
        ["IssuedAt"] = c.IssuedAt,
        ["ActivatedAt"] = c.ActivatedAt,
    };

    private static CodeRecord FromEntity(TableEntity e) => new(
        e.RowKey, e.GetString("EventId"), e.GetString("AttendeeKey"), e.GetString("Status"), e.GetString("DoctorId"),
        e.GetDateTimeOffset("IssuedAt") ?? default, e.GetDateTimeOffset("ActivatedAt"), EntityValues.ETagOf(e));
}
