using Azure;
using Azure.Data.Tables;
using Nmo.Core.Events;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

public sealed class TableProviderStore(StorageClients clients) : IProviderStore
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Providers);

    public Task AddAsync(ProviderRecord provider, CancellationToken cancellationToken) =>
        table.AddEntityAsync(
            new TableEntity(provider.ProviderId, "provider")
            {
                ["Name"] = provider.Name,
                ["KeyHash"] = provider.KeyHash,
                ["CreatedAt"] = provider.CreatedAt,
            },
            cancellationToken);

    public async Task<ProviderRecord?> FindAsync(string providerId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(providerId, "provider", cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e
            ? new ProviderRecord(providerId, e.GetString("Name"), e.GetString("KeyHash"), e.GetDateTimeOffset("CreatedAt") ?? default)
            : null;
    }
}

public sealed class TableEventStore(StorageClients clients) : IEventStore
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Events);

    public async Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(eventId, "event", cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value is not { } e)
        {
            return null;
        }

        return new EventRecord(
            eventId, e.GetString("ProviderId"), e.GetString("ProviderName"), e.GetString("Title"), e.GetString("Kind"),
            EntityValues.Date(e, "StartDate"), EntityValues.Date(e, "EndDate"), e.GetString("Place"), EntityValues.Number(e, "Credits"),
            e.GetInt32("MinAttendanceMinutes"), e.GetDateTimeOffset("UpdatedAt") ?? default);
    }

    public async Task SaveAsync(EventRecord r, bool isNew, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(r.EventId, "event")
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
        };
        if (isNew)
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        else
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }
}
