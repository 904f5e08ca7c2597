namespace Nmo.Core.Activations;

public sealed record ActivationRequest(string? DoctorId, string? Email, string? Code);
