using Nmo.Core.Localization;

namespace Nmo.Core.Attendance;

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
