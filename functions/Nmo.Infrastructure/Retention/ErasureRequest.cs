namespace Nmo.Infrastructure.Retention;

/// <summary>One person's erasure request: by portal id, e-mail or both; СНИЛС only finds raw uploads (no table stores it).</summary>
public sealed record ErasureRequest(string? DoctorId, string? Email, string? Snils, bool DeleteRawUploads);
