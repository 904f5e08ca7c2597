using Azure;
using Azure.Data.Tables;
using Nmo.Core.Activations;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// A doctor's recent failed activations: one entity per doctor while any are counted, written (or deleted) only over
/// the version that was read.
/// </summary>
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
        if (state.Failures.Count == 0)
        {
            // Nothing counted is nothing stored: the next attempt of the doctor is then one insert, with no read.
            return state.ETag is null || await table.TryDeleteAsync(state.DoctorId, Row, new ETag(state.ETag), cancellationToken)
                ? string.Empty
                : null;
        }

        var entity = new TableEntity(state.DoctorId, Row) { ["Failures"] = EntityValues.ToJson(state.Failures) };
        Response? written;
        try
        {
            written = state.ETag is null
                ? await table.TryAddAsync(entity, cancellationToken)
                : await table.TryUpdateAsync(entity, new ETag(state.ETag), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Here a deletion is a change like any other: another attempt's success cleared the count since it was read.
            written = null;
        }

        // Without an ETag in the answer the write still happened; an empty one only makes the next change read first.
        return written is null ? null : written.Headers.ETag?.ToString() ?? string.Empty;
    }
}
