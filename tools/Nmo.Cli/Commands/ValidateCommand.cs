using System.Text.Encodings.Web;
using System.Text.Json;
using Nmo.Core.Attendance;
using Nmo.Core.Localization;
using Nmo.Core.Uploads;

namespace Nmo.Cli.Commands;

/// <summary>The upload validator, offline: the same reader and rules the upload endpoint runs.</summary>
public static class ValidateCommand
{
    public static int Run(string path, bool json, Language language)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"nmo validate: file not found: {path}");
            return 2;
        }

        ValidationReport report;
        using (var stream = File.OpenRead(path))
        {
            report = Check(stream);
        }

        var view = ValidationView.From(report, language);
        if (json)
        {
            Console.WriteLine(Json(view));
        }
        else
        {
            Console.WriteLine($"{Path.GetFileName(path)}: {(report.Usable ? "usable" : "REJECTED")}");
            Console.WriteLine($"  encoding {view.Encoding}, delimiter {(view.Delimiter == "\t" ? "tab" : view.Delimiter)}");
            Console.WriteLine($"  rows {view.Rows}, accepted {view.Accepted}, rejected {view.Rejected}");
            foreach (var error in view.Errors)
            {
                Console.WriteLine(error.Kind == RowIssueView.FileKind
                    ? $"  error {error.Code}{(error.Line is { } line ? $", line {line}" : "")}: {error.Reason}"
                    : $"  line {error.Line}, {error.Column}: {error.Reason}");
            }

            foreach (var warning in view.Warnings)
            {
                Console.WriteLine($"  warning: {warning}");
            }
        }

        return report.Usable ? 0 : 1;
    }

    /// <summary>The check itself: the reader and row rules of the upload endpoint, for an event without an attendance threshold.</summary>
    public static ValidationReport Check(Stream file) => AttendanceValidator.Validate(file, new AttendanceRules());

    /// <summary>What <c>--json</c> prints: the fields of the upload status with the same names and texts.</summary>
    public static string Json(ValidationView view) => JsonSerializer.Serialize(view, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
