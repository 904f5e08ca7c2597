namespace Nmo.Core.Storage;

/// <summary>
/// How long personal data is kept (section <c>Retention</c>). The defaults keep what a five-year cycle needs to
/// prove its credits, plus a year for the accreditation that follows the cycle; see docs/deploy.md, "Retention".
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Raw uploads (the files exactly as sent: names, e-mails, СНИЛС of everyone on them) and their per-row results.
    /// A year covers re-running a failed upload and a provider's dispute about what was sent; the attendees and
    /// codes are stored apart and do not need the file. In Azure the storage lifecycle rule enforces the same
    /// number (Bicep parameter rawUploadRetentionDays, passed to the app as this setting).
    /// </summary>
    public int RawUploadsDays { get; set; } = 365;

    /// <summary>
    /// Attendee records (name, e-mail, the encrypted code for re-sending) and the holder's name on certificates,
    /// counted from the issue: six years, the cycle plus the year of accreditation.
    /// </summary>
    public int AttendeesDays { get; set; } = 2192;

    /// <summary>The doctor's e-mail and name on ledger entries, counted from the credit. The entries themselves stay.</summary>
    public int LedgerYears { get; set; } = 6;
}
