namespace Nmo.Core.Attendance;

/// <summary>
/// The codes of row and file issues, spelt like the API's problem codes: dot-separated kebab-case segments. Row
/// issues are stored (table <c>UploadRows</c>, and the upload's warnings), and records written before the spelling
/// was settled hold underscores (<c>field.too_long</c>); <see cref="Canonical"/> reads those as today's codes.
/// </summary>
public static class IssueCodes
{
    public const string FieldTooLong = "field.too-long";
    public const string TextGarbled = "text.garbled";
    public const string NameMissing = "name.missing";
    public const string NameIncomplete = "name.incomplete";
    public const string MinutesInvalid = "minutes.invalid";
    public const string PresenceInvalid = "presence.invalid";
    public const string AttendanceMissing = "attendance.missing";
    public const string MinutesBelow = "attendance.minutes-below";
    public const string ShareBelow = "attendance.share-below";
    public const string RowColumns = "row.columns";
    public const string RowDuplicate = "row.duplicate";
    public const string RowAlreadyIssued = "row.already-issued";

    public const string FileEmpty = "file.empty";
    public const string FileBinary = "file.binary";
    public const string FileSpreadsheet = "file.spreadsheet";
    public const string FileTooLarge = "file.too-large";
    public const string FileNoRows = "file.no-rows";
    public const string FileUnterminatedQuote = "file.unterminated-quote";
    public const string FileRecordTooLarge = "file.record-too-large";
    public const string HeaderUnrecognized = "header.unrecognized";
    public const string HeaderAmbiguous = "header.ambiguous";
    public const string HeaderUnknown = "header.unknown";
    public const string HeaderDuplicate = "header.duplicate";
    public const string ColumnMissing = "column.missing";
    public const string HeaderNotFound = "header.not-found";
    public const string HeaderSkippedLines = "header.skipped-lines";
    public const string EmailMailtoRemoved = "email.mailto-removed";
    public const string EmailNameRemoved = "email.name-removed";
    public const string FileWorkbookBomb = "file.workbook-bomb";
    public const string FileWorkbookUnreadable = "file.workbook-unreadable";
    public const string WorkbookOtherSheets = "workbook.other-sheets";

    /// <summary>A code as stored, in today's spelling: no code has an underscore any more, every old one had a hyphen there.</summary>
    public static string Canonical(string code) =>
        code is null ? string.Empty : code.Replace('_', '-');
}
