using System.Globalization;
using Nmo.Core.Localization;

namespace Nmo.Core.Attendance;

/// <summary>
/// Words for row and file issues, addressed to the provider who uploaded the file: the text of <c>issue.CODE</c> in
/// <see cref="Texts"/>, filled with the issue's arguments. A code without a text (a newer one read by older code)
/// is shown as it is, with its arguments, rather than hidden.
/// </summary>
public static class AttendanceTexts
{
    public static string Describe(RowIssue issue, Language language)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Describe(issue.Code, issue.Args, language);
    }

    public static string Describe(FileIssue issue, Language language)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return Describe(issue.Code, issue.Args, language);
    }

    /// <summary>"Строка 5, «Email»: адрес ... указан с ошибкой" — a row issue with its place, as a report line.</summary>
    public static string Format(RowIssue issue, Language language)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var place = Texts.Get("issue.place", language, issue.Line);
        if (issue.Column.Length > 0)
        {
            place += $", «{issue.Column}»";
        }

        return $"{place}: {Describe(issue, language)}";
    }

    private static string Describe(string code, IReadOnlyList<string> args, Language language) => code switch
    {
        // The first argument picks the wording: which name part or which column (stored as "last_name", "email"...).
        IssueCodes.NameMissing or IssueCodes.ColumnMissing when Texts.Has(Variant(code, args)) => Texts.Get(Variant(code, args), language),
        IssueCodes.NameMissing => Texts.Get(Key(code), language),
        IssueCodes.FileTooLarge => Texts.Get(Key(code), language, Size(args, language)),
        IssueCodes.HeaderUnknown => Texts.Get(Key(code), language, string.Join(", ", args.Select(n => $"«{n}»"))),
        _ when Texts.Has(Key(code)) => Texts.Get(Key(code), language, Padded(args)),
        _ => args.Count == 0 ? code : $"{code} ({string.Join(", ", args)})",
    };

    private static string Key(string code) => "issue." + code;

    private static string Variant(string code, IReadOnlyList<string> args) =>
        args.Count == 0 ? Key(code) + "." : $"{Key(code)}.{args[0].Replace('_', '-')}";

    /// <summary>Stored issues may carry fewer arguments than the text has places: those stay empty.</summary>
    private static object?[] Padded(IReadOnlyList<string> args) =>
        [.. args, .. Enumerable.Repeat(string.Empty, Math.Max(0, 4 - args.Count))];

    private static string Size(IReadOnlyList<string> args, Language language)
    {
        if (args.Count < 2 || !long.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
        {
            return Texts.Get("unit.megabytes", language, args.Count > 0 ? args[0] : string.Empty);
        }

        return bytes switch
        {
            >= 1024 * 1024 => Texts.Get("unit.megabytes", language, bytes / (1024 * 1024)),
            >= 1024 => Texts.Get("unit.kilobytes", language, bytes / 1024),
            _ => Texts.Get("unit.bytes", language, bytes),
        };
    }
}
