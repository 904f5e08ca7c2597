namespace Nmo.Core.Events;

/// <summary>An event or e-learning module registered by a provider; only registered ones earn credits.</summary>
public sealed record EventRecord(
    string EventId,
    string ProviderId,
    string ProviderName,
    string Title,
    string Kind,
    DateOnly StartDate,
    DateOnly EndDate,
    string Place,
    decimal Credits,
    int? MinAttendanceMinutes,
    DateTimeOffset UpdatedAt);
