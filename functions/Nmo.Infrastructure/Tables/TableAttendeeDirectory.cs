using Azure.Data.Tables;
using Nmo.Core.Common;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// An event's attendees (one partition) read page by page; Table Storage has no substring search, so the filter runs
/// here on each page as it arrives.
/// </summary>
public sealed class TableAttendeeDirectory(StorageClients clients) : IAttendeeDirectory
{
    private readonly TableClient table = clients.Table(StorageNames.Tables.Attendees);

    public Task<Page<AttendeeRecord>?> FindAsync(
        string eventId, Func<AttendeeRecord, bool> matches, int pageSize, string? storageToken, CancellationToken cancellationToken) =>
        TablePages.ReadAsync(
            TablePages.Query(table, TableAttendeeStore.AttendeesOf(eventId)),
            e => TableAttendeeStore.FromEntity(e) is var a && matches(a) ? a : null,
            pageSize,
            storageToken,
            cancellationToken);
}
