using Azure.Data.Tables;
using Nmo.Core.Certificates;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// Certificates by their public id. One partition: an upload's certificates then go in 100-entity transactions
/// (a partition per id would cost a request per certificate), and a look-up is a point read all the same.
/// </summary>
public sealed class TableCertificateStore(StorageClients clients) : ICertificateStore
{
    private const string Partition = "certificate";

    private readonly TableClient table = clients.Table(StorageNames.Tables.Certificates);

    public async Task SaveAsync(IReadOnlyList<CertificateRecord> certificates, CancellationToken cancellationToken)
    {
        foreach (var chunk in certificates.DistinctBy(c => c.CertificateId, StringComparer.Ordinal).Chunk(100))
        {
            await table.SubmitInOnePartitionAsync(
                chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(c))), cancellationToken);
        }
    }

    public async Task<CertificateRecord?> FindAsync(string certificateId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(Partition, certificateId, cancellationToken) is { } e ? FromEntity(e) : null;

    private static TableEntity ToEntity(CertificateRecord c) => new(Partition, c.CertificateId)
    {
        ["EventId"] = c.EventId,
        ["AttendeeKey"] = c.AttendeeKey,
        ["CodeHash"] = c.CodeHash,
        ["HolderName"] = c.HolderName,
        ["IssuedAt"] = c.IssuedAt,
    };

    private static CertificateRecord FromEntity(TableEntity e) => new(
        e.RowKey, e.GetString("EventId"), e.GetString("AttendeeKey"), e.GetString("CodeHash"), e.GetString("HolderName"),
        e.GetDateTimeOffset("IssuedAt") ?? default);
}
