using Nmo.Core.Localization;

namespace Nmo.Core.Attendance;

/// <summary>What an upload is checked against. The thresholds come from the event; the size limit from configuration.</summary>
/// <param name="MinAttendanceMinutes">Attendees with fewer minutes are not eligible; the file then needs a minutes column.</param>
/// <param name="MinPresenceShare">Attendees with a smaller share (0..1) are not eligible; the file then needs a presence column.</param>
/// <param name="MaxBytes">Files larger than this are refused; bytes are counted while reading, so a stream of unknown length is safe too.</param>
public sealed record AttendanceRules(int? MinAttendanceMinutes = null, decimal? MinPresenceShare = null, long MaxBytes = 100L * 1024 * 1024)
{
    public static AttendanceRules Default { get; } = new();
}

public enum RowIssueKind
{
    /// <summary>The row cannot be used as written (missing name, bad e-mail, bad SNILS...).</summary>
    Invalid,

    /// <summary>The same attendee (e-mail) appears earlier in the same upload.</summary>
    Duplicate,

    /// <summary>The row is fine but the attendee does not meet the event's attendance threshold.</summary>
    NotEligible,

    /// <summary>A code was already issued to this attendee for the event (set by the pipeline, not by the reader).</summary>
    AlreadyIssued,
}

/// <summary>One rejected row. <see cref="Code"/> is stable (for programs); <see cref="AttendanceTexts"/> turns it into words.</summary>
/// <param name="Line">Physical line of the file where the row starts (1-based, as an editor counts, the header included).</param>
/// <param name="Column">The header as the provider wrote it, or empty when the issue is about the whole row.</param>
public sealed record RowIssue(int Line, string Column, RowIssueKind Kind, string Code, IReadOnlyList<string> Args);

/// <summary>A problem with the file as a whole (a refusal reason) or a warning about it.</summary>
public sealed record FileIssue(string Code, IReadOnlyList<string> Args);

/// <summary>An accepted row.</summary>
/// <param name="FullName">The name as it should appear on the certificate (the parts joined, or the full-name cell).</param>
/// <param name="Snils">Normalised to <c>123-456-789 01</c> when given.</param>
/// <param name="AttendanceMinutes">When the file has a minutes column (or an h:mm duration).</param>
/// <param name="Language">The language of the attendee's e-mail (a language column; Russian otherwise).</param>
public sealed record Attendee(
    int Line,
    string FullName,
    string LastName,
    string FirstName,
    string? MiddleName,
    string Email,
    string? Specialty,
    string? Snils,
    int? AttendanceMinutes,
    Language Language)
{
    /// <summary>The key two rows of one upload are compared by: the e-mail trimmed and lower-cased.</summary>
    public string EmailKey => AttendanceRow.EmailKey(Email);

    /// <summary>The presence share (0..1) when the file has a presence column.</summary>
    public decimal? PresenceShare { get; init; }
}

/// <summary>One data row: either an attendee or the reason it was rejected, never both.</summary>
public sealed record RowResult(Attendee? Attendee, RowIssue? Issue)
{
    public int Line => Attendee?.Line ?? Issue?.Line ?? 0;

    public bool Accepted => Attendee is not null;
}

/// <summary>The outcome of a full pass over a file: what <c>nmo validate</c> prints and the upload status reports.</summary>
public sealed record ValidationReport(
    string Encoding,
    string Delimiter,
    int Rows,
    int Accepted,
    int Rejected,
    IReadOnlyList<RowIssue> Errors,
    IReadOnlyList<FileIssue> Warnings,
    IReadOnlyList<FileIssue> Problems)
{
    public bool Usable => Problems.Count == 0;
}
