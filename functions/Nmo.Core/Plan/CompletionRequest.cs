namespace Nmo.Core.Plan;

public sealed record CompletionRequest(string? DoctorId, string? Email, DateTimeOffset? CompletedAt, string? Language = null);
