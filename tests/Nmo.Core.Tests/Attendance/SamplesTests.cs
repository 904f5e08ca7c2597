using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

public sealed class SamplesTests
{
    [Fact]
    public void Russian_sample_accepts_six_and_rejects_the_bad_email_and_the_duplicate()
    {
        var report = CsvFiles.Validate(CsvFiles.Sample("attendance-ru.csv"));

        Assert.True(report.Usable);
        Assert.Equal("UTF-8", report.Encoding);
        Assert.Equal(";", report.Delimiter);
        Assert.Equal(8, report.Rows);
        Assert.Equal(6, report.Accepted);
        Assert.Equal(2, report.Rejected);
        Assert.Collection(
            report.Errors,
            e =>
            {
                Assert.Equal(5, e.Line);
                Assert.Equal("Email", e.Column);
                Assert.Equal(RowIssueKind.Invalid, e.Kind);
                Assert.Equal("email.invalid", e.Code);
            },
            e =>
            {
                Assert.Equal(8, e.Line);
                Assert.Equal(RowIssueKind.Duplicate, e.Kind);
                Assert.Equal(["2"], e.Args);
            });
    }

    [Fact]
    public void Russian_sample_keeps_the_quoted_delimiter_inside_the_specialty()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Sample("attendance-ru.csv"));

        Assert.Empty(file.Warnings);
        var ilina = rows.Single(r => r.Line == 9).Attendee!;
        Assert.Equal("Анестезиология; реаниматология", ilina.Specialty);
        Assert.Equal("Ильина Юлия Владимировна", ilina.FullName);
        Assert.Equal(("Ильина", "Юлия", "Владимировна"), (ilina.LastName, ilina.FirstName, ilina.MiddleName));
    }

    [Fact]
    public void English_sample_accepts_all_three()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Sample("attendance-en.csv"));

        Assert.Empty(file.Problems);
        Assert.Empty(file.Warnings);
        Assert.Equal(",", file.Delimiter);
        Assert.All(rows, r => Assert.NotNull(r.Attendee));
        Assert.Equal(["Emma Taylor", "Liam James Brown", "Olivia Wilson"], rows.Select(r => r.Attendee!.FullName));
        Assert.Equal([2, 3, 4], rows.Select(r => r.Line));
        Assert.Null(rows[0].Attendee!.MiddleName);
        Assert.Equal("Cardiology", rows[0].Attendee!.Specialty);
    }
}
