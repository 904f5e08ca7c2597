namespace Nmo.Core.Attendance;

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
