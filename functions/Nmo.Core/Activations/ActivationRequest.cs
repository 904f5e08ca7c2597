namespace Nmo.Core.Activations;

/// <param name="Name">The doctor's name as the portal knows it, for the credit notice's greeting; optional.</param>
public sealed record ActivationRequest(string? DoctorId, string? Email, string? Code, string? Name = null);
