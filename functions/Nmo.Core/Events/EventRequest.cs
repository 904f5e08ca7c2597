namespace Nmo.Core.Events;

/// <summary>What a provider sends to register or change an event.</summary>
public sealed record EventRequest(
    string? Title,
    string? Kind,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? Place,
    decimal? Credits,
    int? MinAttendanceMinutes);
