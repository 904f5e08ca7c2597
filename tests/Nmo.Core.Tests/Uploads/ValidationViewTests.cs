using Nmo.Core.Localization;
using Nmo.Core.Tests.Attendance;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Uploads;

public sealed class ValidationViewTests
{
    [Fact]
    public void Reasons_that_refuse_a_file_are_errors_with_codes_not_warnings()
    {
        var report = CsvFiles.Validate(CsvFiles.Lf("Фамилия;Телефон;Город", "Иванов;+7 900 000-00-00;Тверь"));

        var view = ValidationView.From(report, Language.Ru);

        Assert.Equal(["column.missing", "column.missing"], view.Errors.Select(e => e.Code));
        Assert.All(view.Errors, e => Assert.Equal(("file", null, ""), (e.Kind, e.Line, e.Column)));
        Assert.Contains(view.Errors, e => e.Reason.Contains("«Имя»", StringComparison.Ordinal));
        Assert.Equal(["не учитываются столбцы: «Телефон», «Город»"], view.Warnings);
    }

    [Fact]
    public void A_file_problem_about_one_line_names_it()
    {
        var report = CsvFiles.Validate(CsvFiles.Crlf("Фамилия;Имя;Email", "Иванов;Иван;ivanov@clinic.example", "Петров;\"Пётр;petrov@clinic.example"));

        var error = Assert.Single(ValidationView.From(report, Language.En).Errors, e => e.Kind == "file");

        Assert.Equal(("file", 3, "file.unterminated-quote"), (error.Kind, error.Line, error.Code));
        Assert.StartsWith("a quote opened on line 3", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_errors_carry_their_code_after_the_file_errors()
    {
        var report = CsvFiles.Validate(CsvFiles.Lf("Фамилия;Имя;Email", "Иванов;Иван;not-an-address", "Петров;Пётр;petrov@clinic.example"));

        var view = ValidationView.From(report, Language.Ru);

        var error = Assert.Single(view.Errors);
        Assert.Equal((2, "Email", "invalid", "email.invalid"), (error.Line, error.Column, error.Kind, error.Code));
        Assert.Empty(view.Warnings);
    }
}
