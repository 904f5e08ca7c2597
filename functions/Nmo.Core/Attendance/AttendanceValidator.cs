namespace Nmo.Core.Attendance;

/// <summary>A full pass over a file, counting and collecting issues: what <c>nmo validate</c> prints.</summary>
public static class AttendanceValidator
{
    public static ValidationReport Validate(Stream stream, AttendanceRules rules)
    {
        using var file = AttendanceReader.Open(stream, rules);
        var errors = new List<RowIssue>();
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
                errors.Add(row.Issue);
            }
        }

        return new ValidationReport(file.EncodingName, file.Delimiter, rows, accepted, rows - accepted, errors, file.Warnings, file.Problems);
    }
}
