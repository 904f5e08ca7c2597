namespace Nmo.Core.Attendance;

/// <summary>
/// Protection for CSV written back to providers: a cell that starts like a formula would be run by Excel or
/// LibreOffice when the file is opened (CSV injection). The reader keeps such values as the text they are;
/// whoever writes them into a CSV passes them through <see cref="Neutralize"/>.
/// </summary>
public static class CsvSafety
{
    /// <summary>Prefixes an apostrophe to a value that a spreadsheet would treat as a formula; other values are returned as they are (null as empty).</summary>
    public static string Neutralize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return IsFormulaLike(value) ? "'" + value : value;
    }

    /// <summary>Whether a spreadsheet could read the value as a formula (= + - @, full-width forms, or a leading tab, CR or LF).</summary>
    public static bool IsFormulaLike(string? value) =>
        !string.IsNullOrEmpty(value) && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';
}
