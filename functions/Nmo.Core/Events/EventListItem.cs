using System.Text.Json.Serialization;

namespace Nmo.Core.Events;

/// <summary>An event in <c>GET /api/events</c>: its fields as <c>PUT</c> takes them, and the ETag of this version.</summary>
public sealed record EventListItem(
    string EventId,
    string Title,
    string Kind,
    DateOnly StartDate,
    DateOnly EndDate,
    string Place,
    decimal Credits,
    int? MinAttendanceMinutes,
    DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static EventListItem From(ListedEvent listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var e = listed.Event;
        return new(e.EventId, e.Title, e.Kind, e.StartDate, e.EndDate, e.Place, e.Credits, e.MinAttendanceMinutes, e.UpdatedAt, listed.ETag);
    }
}
