namespace Nmo.Core.Attendance;

/// <summary>
/// One data row: an attendee, or the reason it was rejected, or (<see cref="Counted"/>) an accepted row read only to
/// be counted.
/// </summary>
public sealed record RowResult(Attendee? Attendee, RowIssue? Issue)
{
    /// <summary>An accepted row whose attendee the caller said it would not use (<see cref="AttendanceFile.Rows"/>).</summary>
    public static readonly RowResult Counted = new(null, null);

    /// <summary>The row's line; 0 for <see cref="Counted"/>.</summary>
    public int Line => Attendee?.Line ?? Issue?.Line ?? 0;

    public bool Accepted => Issue is null;
}
