namespace Nmo.Core.Plan;

/// <summary>
/// Credited hours of one doctor for one event or module. Its id (<c>kind|activityId</c>) makes a second credit
/// for the same activity impossible; the notice flags record that the effects were handed on. A credit taken back
/// (its attendee withdrawn) stays as it is, and a second entry, its reversal, holds the negative hours, the
/// original's id (<see cref="ReversalOf"/>) and why (<see cref="Reason"/>).
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
    string? DoctorName = null,
    string? ReversalOf = null,
    string? Reason = null,
    int Format = LedgerEntry.CurrentFormat)
{
    /// <summary>
    /// The format of entries written now: 2, whose notice is claimed under its own key only. An entry stored without
    /// a format is 1: written when its notice could still be claimed under the key of before, which is looked up for it.
    /// </summary>
    public const int CurrentFormat = 2;

    public const int FormatBeforeNoticeKeys = 1;

    private const string ReversalPrefix = "reversal|";

    public static string IdFor(string kind, string activityId) => $"{kind}|{activityId}";

    /// <summary>The id of the entry that reverses <paramref name="entryId"/>: one per entry, so a credit is reversed once.</summary>
    public static string ReversalIdFor(string entryId) => ReversalPrefix + entryId;
}
