using Azure;
using Azure.Data.Tables;
using Nmo.Core.Events;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>One entity per registered event (partition = event id).</summary>
public sealed class TableEventStore(StorageClients clients) : IEventStore
{
    private const string Row = "event";
    private readonly TableClient table = clients.Table(StorageNames.Tables.Events);

    public async Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await table.GetEntityOrNullAsync(eventId, Row, cancellationToken) is { } e ? FromEntity(e) : null;

    internal static EventRecord FromEntity(TableEntity e) => new(
        e.PartitionKey, e.GetString("ProviderId"), e.GetString("ProviderName"), e.GetString("Title"), e.GetString("Kind"),
        EntityValues.Date(e, "StartDate"), EntityValues.Date(e, "EndDate"), e.GetString("Place"), EntityValues.Number(e, "Credits"),
        e.GetInt32("MinAttendanceMinutes"), e.GetDateTimeOffset("UpdatedAt") ?? default, e.GetString("UpdatedBy"), EntityValues.ETagOf(e));

    public async Task<string?> TrySaveAsync(EventRecord r, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(r.EventId, Row)
        {
            ["ProviderId"] = r.ProviderId,
            ["ProviderName"] = r.ProviderName,
            ["Title"] = r.Title,
            ["Kind"] = r.Kind,
            ["StartDate"] = EntityValues.Date(r.StartDate),
            ["EndDate"] = EntityValues.Date(r.EndDate),
            ["Place"] = r.Place,
            ["Credits"] = EntityValues.Number(r.Credits),
            ["MinAttendanceMinutes"] = r.MinAttendanceMinutes,
            ["UpdatedAt"] = r.UpdatedAt,
            ["UpdatedBy"] = r.UpdatedBy,
        };
        var response = r.ETag is null
            ? await table.TryAddAsync(entity, cancellationToken)
            : await table.TryUpdateAsync(entity, new ETag(r.ETag), TableUpdateMode.Replace, cancellationToken);
        return response?.Headers.ETag?.ToString();
    }
}
