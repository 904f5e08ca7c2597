namespace Nmo.Core.Plan;

/// <param name="Name">The doctor's name, for the credit notice's greeting; optional.</param>
public sealed record CompletionRequest(string? DoctorId, string? Email, DateTimeOffset? CompletedAt, string? Language = null, string? Name = null);
