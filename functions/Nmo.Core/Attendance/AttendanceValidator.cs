namespace Nmo.Core.Attendance;

/// <summary>A full pass over a file, counting and collecting issues: what <c>nmo validate</c> prints.</summary>
public static class AttendanceValidator
{
    /// <summary>A full pass over the file, with every rejected row's issue.</summary>
    public static ValidationReport Validate(Stream stream, AttendanceRules rules)
    {
        var errors = new List<RowIssue>();
        return Validate(stream, rules, errors.Add) with { Errors = errors };
    }

    /// <summary>
    /// A full pass over the file that hands each rejected row's issue to <paramref name="onIssue"/> as it is read, so
    /// that what is kept of them is the caller's choice; the report's <see cref="ValidationReport.Errors"/> is empty.
    /// </summary>
    public static ValidationReport Validate(Stream stream, AttendanceRules rules, Action<RowIssue> onIssue)
    {
        using var file = AttendanceReader.Open(stream, rules);
        int rows = 0, accepted = 0;
        foreach (var row in file.Rows(attendeesFrom: int.MaxValue))
        {
            rows++;
            if (row.Accepted)
            {
                accepted++;
            }
            else if (row.Issue is not null)
            {
                onIssue(row.Issue);
            }
        }

        return new ValidationReport(file.EncodingName, file.Delimiter, rows, accepted, rows - accepted, [], [.. file.Warnings], [.. file.Problems]);
    }
}
