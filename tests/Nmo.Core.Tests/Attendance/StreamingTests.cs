using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

public sealed class StreamingTests
{
    [Fact]
    public void Rows_arrive_before_the_rest_of_a_large_upload_is_read()
    {
        var source = new GeneratedCsvStream("Фамилия;Имя;Отчество;Email;Специальность", 500_000, i => $"Иванов;Иван;Иванович;ivanov{i}@clinic.example;Терапия");
        using var file = AttendanceReader.Open(source, new AttendanceRules());

        var first = file.Rows().First();

        Assert.Equal("ivanov0@clinic.example", first.Attendee!.Email);
        Assert.True(source.Produced < 1024 * 1024, $"read {source.Produced} bytes for the first row");
    }

    [Fact]
    public void A_hundred_thousand_rows_from_a_generated_stream_validate_in_one_pass()
    {
        var source = new GeneratedCsvStream(
            "Фамилия;Имя;Отчество;Email;Специальность;СНИЛС;Минуты",
            100_000,
            i => i % 1000 == 999
                ? $"Константинопольский;Александр;Владимирович;ALEXANDER.konstantinopolsky{i - 1}@regional-clinic.example;Терапия;;90"
                : $"Константинопольский;Александр;Владимирович;\"alexander.konstantinopolsky{i}@regional-clinic.example\";\"Анестезиология; реаниматология\";112-233-445 95;{(i % 100 == 50 ? 10 : 30 + (i % 90))}");
        AttendanceValidator.Validate(new GeneratedCsvStream("ФИО;Email", 10, i => $"Иванов Иван;a{i}@clinic.example"), new AttendanceRules());

        var report = AttendanceValidator.Validate(source, new AttendanceRules(MinAttendanceMinutes: 30));

        Assert.True(report.Usable);
        Assert.Equal(100_000, report.Rows);
        Assert.Equal(100, report.Errors.Count(e => e.Kind == RowIssueKind.Duplicate));
        Assert.Equal(1000, report.Errors.Count(e => e.Kind == RowIssueKind.NotEligible));
        Assert.Equal(report.Rows - report.Accepted, report.Errors.Count);
        Assert.True(source.Produced > 10_000_000, $"{source.Produced} bytes");

        // Speed is measured by the benchmarks (docs/benchmarks.md), not asserted here.
    }
}
