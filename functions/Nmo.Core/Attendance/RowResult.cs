namespace Nmo.Core.Attendance;

/// <summary>One data row: either an attendee or the reason it was rejected, never both.</summary>
public sealed record RowResult(Attendee? Attendee, RowIssue? Issue)
{
    public int Line => Attendee?.Line ?? Issue?.Line ?? 0;

    public bool Accepted => Attendee is not null;
}
