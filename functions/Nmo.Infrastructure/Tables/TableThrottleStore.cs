using Azure;
using Azure.Data.Tables;
using Nmo.Core.Activations;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>A doctor's recent failed activations: one entity per doctor, written only over the version that was read.</summary>
public sealed class TableThrottleStore(StorageClients clients) : IThrottleStore
{
    private const string Row = "activation";
    private readonly TableClient table = clients.Table(StorageNames.Tables.Throttle);

    public async Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(doctorId, Row, cancellationToken) is { } e
            ? new ThrottleState(doctorId, EntityValues.FromJson<DateTimeOffset[]>(e, "Failures", []), EntityValues.ETagOf(e))
            : null;

    public async Task<string?> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.DoctorId, Row) { ["Failures"] = EntityValues.ToJson(state.Failures) };
        var written = state.ETag is null
            ? await table.TryAddAsync(entity, cancellationToken)
            : await table.TryUpdateAsync(entity, new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken);

        // Without an ETag in the answer the write still happened; an empty one only makes the next change read first.
        return written is null ? null : written.Headers.ETag?.ToString() ?? string.Empty;
    }
}
