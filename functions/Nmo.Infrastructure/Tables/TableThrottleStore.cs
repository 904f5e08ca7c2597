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

    public async Task<bool> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.DoctorId, Row) { ["Failures"] = EntityValues.ToJson(state.Failures) };
        return state.ETag is null
            ? await table.TryAddAsync(entity, cancellationToken) is not null
            : await table.TryReplaceAsync(entity, new ETag(state.ETag), cancellationToken);
    }
}
