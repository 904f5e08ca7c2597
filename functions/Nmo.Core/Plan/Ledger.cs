namespace Nmo.Core.Plan;

/// <summary>
/// Credited hours of one doctor for one event or module. Its id (<c>kind|activityId</c>) makes a second credit
/// for the same activity impossible; the notice flags record that the effects were handed on.
/// </summary>
public sealed record LedgerEntry(
    string DoctorId,
    string EntryId,
    string Kind,
    string ActivityId,
    string Title,
    string ProviderId,
    string ProviderName,
    DateOnly Date,
    decimal Credits,
    string? CodeHash,
    string? MaskedCode,
    string Email,
    string Language,
    DateTimeOffset CreditedAt,
    DateTimeOffset? EffectsQueuedAt = null,
    DateTimeOffset? NoticeSentAt = null,
    string? ETag = null)
{
    public static string IdFor(string kind, string activityId) => $"{kind}|{activityId}";
}

public interface ILedgerStore
{
    /// <summary>Adds the entry unless one with its id exists; returns what is stored and whether this call added it.</summary>
    Task<(LedgerEntry Stored, bool Added)> AddIfMissingAsync(LedgerEntry entry, CancellationToken cancellationToken);

    Task<LedgerEntry?> FindAsync(string doctorId, string entryId, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> ListAsync(string doctorId, CancellationToken cancellationToken);

    Task<bool> TryReplaceAsync(LedgerEntry entry, CancellationToken cancellationToken);
}

/// <summary>The education plan's rules: configuration, not code (section <c>Plan</c>).</summary>
public sealed class PlanOptions
{
    public int CycleYears { get; set; } = 5;

    /// <summary>Hours of NMO activity per cycle, after the FAQ's model: 16 from events and 20 from e-learning modules.</summary>
    public decimal TargetEvents { get; set; } = 16;

    public decimal TargetModules { get; set; } = 20;

    public decimal TargetTotal { get; set; } = 36;

    /// <summary>The whole cycle's hours (144), of which the rest (108) come from the educational organisation's programme.</summary>
    public decimal CycleHours { get; set; } = 144;
}
