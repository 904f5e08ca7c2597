using System.Text.Json.Serialization;

namespace Nmo.Core.Events;

/// <summary>An event or e-learning module registered by a provider; only registered ones earn credits.</summary>
/// <param name="UpdatedBy">The provider whose key made the last change (with <paramref name="UpdatedAt"/>, its when).</param>
/// <param name="ETag">The stored version, answered as the <c>ETag</c> header rather than in the body.</param>
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
    DateTimeOffset UpdatedAt,
    string? UpdatedBy = null,
    [property: JsonIgnore] string? ETag = null);
