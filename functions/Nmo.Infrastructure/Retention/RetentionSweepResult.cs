namespace Nmo.Infrastructure.Retention;

/// <summary>What one retention run removed: raw uploads (with their per-row results), and entities anonymised per table.</summary>
public sealed record RetentionSweepResult(int RawUploadsDeleted, int AttendeesAnonymised, int CertificatesAnonymised, int LedgerEntriesAnonymised);
