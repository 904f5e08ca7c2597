namespace Nmo.Core.Activations;

public sealed record ThrottleState(string DoctorId, IReadOnlyList<DateTimeOffset> Failures, string? ETag);
