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
    string? ETag = null,
    string? DoctorName = null)
{
    public static string IdFor(string kind, string activityId) => $"{kind}|{activityId}";
}
