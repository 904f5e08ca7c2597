using System.Globalization;
using System.Text;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Attendance;

/// <summary>
/// Validates one row on its own (duplicates across rows are the file's job). Every row gets at most one issue:
/// the first that makes it unusable, else a threshold miss.
/// </summary>
internal static class AttendanceRow
{
    public const int MaxFieldLength = 200;

    public static string EmailKey(string email) => email.Trim().ToLowerInvariant();

    public static RowResult Validate(int line, string[] values, ColumnLayout layout, AttendanceRules rules)
    {
        for (var c = 0; c < values.Length; c++)
        {
            var value = values[c];
            if (value.Length > MaxFieldLength)
            {
                return Reject(line, layout.Header[c], IssueCodes.FieldTooLong, MaxFieldLength.ToString(CultureInfo.InvariantCulture));
            }

            if (value.Contains('\uFFFD', StringComparison.Ordinal))
            {
                return Reject(line, layout.Header[c], IssueCodes.TextGarbled);
            }
        }

        var name = Name(line, values, layout);
        if (name.Issue is not null)
        {
            return new RowResult(null, name.Issue);
        }

        var email = values[(int)AttendanceColumn.Email];
        var emailCode = EmailAddress.Check(email);
        if (emailCode is not null)
        {
            return emailCode == EmailAddress.Undeliverable
                ? Reject(line, layout.HeaderOf(AttendanceColumn.Email), emailCode, EmailAddress.Domain(email))
                : Reject(line, layout.HeaderOf(AttendanceColumn.Email), emailCode);
        }

        string? snils = null;
        var snilsValue = values[(int)AttendanceColumn.Snils];
        if (snilsValue.Length > 0)
        {
            var snilsCode = Snils.TryNormalize(snilsValue, out var normalized);
            if (snilsCode is not null)
            {
                return Reject(line, layout.HeaderOf(AttendanceColumn.Snils), snilsCode);
            }

            snils = normalized;
        }

        int? minutes = null;
        var minutesValue = values[(int)AttendanceColumn.Minutes];
        var minutesRule = rules.MinAttendanceMinutes is not null && layout.Has(AttendanceColumn.Minutes);
        if (minutesValue.Length > 0)
        {
            if (TryParseMinutes(minutesValue, out var m))
            {
                minutes = m;
            }
            else if (minutesRule)
            {
                // Without a threshold the minutes are for information only: a bad value there costs nobody a code.
                return Reject(line, layout.HeaderOf(AttendanceColumn.Minutes), IssueCodes.MinutesInvalid);
            }
        }
        else if (minutesRule)
        {
            return Reject(line, layout.HeaderOf(AttendanceColumn.Minutes), IssueCodes.AttendanceMissing);
        }

        decimal? share = null;
        var shareValue = values[(int)AttendanceColumn.Presence];
        var shareRule = rules.MinPresenceShare is not null && layout.Has(AttendanceColumn.Presence);
        if (shareValue.Length > 0)
        {
            if (TryParseShare(shareValue, out var s))
            {
                share = s;
            }
            else if (shareRule)
            {
                return Reject(line, layout.HeaderOf(AttendanceColumn.Presence), IssueCodes.PresenceInvalid);
            }
        }
        else if (shareRule)
        {
            return Reject(line, layout.HeaderOf(AttendanceColumn.Presence), IssueCodes.AttendanceMissing);
        }

        if (minutesRule && minutes < rules.MinAttendanceMinutes)
        {
            return NotEligible(
                line,
                layout.HeaderOf(AttendanceColumn.Minutes),
                IssueCodes.MinutesBelow,
                minutes.Value.ToString(CultureInfo.InvariantCulture),
                rules.MinAttendanceMinutes!.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (shareRule && share < rules.MinPresenceShare)
        {
            return NotEligible(line, layout.HeaderOf(AttendanceColumn.Presence), IssueCodes.ShareBelow, Percent(share.Value), Percent(rules.MinPresenceShare!.Value));
        }

        var specialty = values[(int)AttendanceColumn.Specialty];
        var attendee = new Attendee(
            line,
            name.FullName,
            name.Last,
            name.First,
            name.Middle,
            email,
            specialty.Length == 0 ? null : specialty,
            snils,
            minutes,
            ParseLanguage(values[(int)AttendanceColumn.Language]))
        {
            PresenceShare = share,
        };
        return new RowResult(attendee, null);
    }

    /// <summary>
    /// Trims, turns line breaks and other control characters into spaces and collapses runs of spaces: names and
    /// specialties are single-line data, and a quoted multi-line cell is an accident of the spreadsheet.
    /// </summary>
    public static string Clean(string value)
    {
        var needsWork = value.Length > 0 && (IsSpace(value[0]) || IsSpace(value[^1]));
        if (!needsWork)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c < ' ' || c == '\u00A0' || c == '\uFEFF' || (c == ' ' && i > 0 && value[i - 1] == ' '))
                {
                    needsWork = true;
                    break;
                }
            }
        }

        if (!needsWork)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c == '\uFEFF' || c == '\u200B')
            {
                continue;
            }

            if (IsSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    internal static bool TryParseMinutes(string value, out int minutes)
    {
        minutes = 0;
        var s = value.Trim();
        foreach (var suffix in (string[])["минут", "мин.", "мин", "minutes", "min"])
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }

        // Webinar platforms export durations as h:mm or h:mm:ss.
        if (s.Contains(':', StringComparison.Ordinal))
        {
            var parts = s.Split(':');
            if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)) || parts[0].Length > 4)
            {
                return false;
            }

            var hours = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var mins = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (mins > 59 || (parts.Length == 3 && int.Parse(parts[2], CultureInfo.InvariantCulture) > 59))
            {
                return false;
            }

            minutes = (hours * 60) + mins;
            return true;
        }

        if (!TryParseNumber(s, out var number) || number < 0 || number > 100_000)
        {
            return false;
        }

        minutes = (int)decimal.Floor(number);
        return true;
    }

    /// <summary>0.85, 0,85, 85% and 85 all mean 85 %; a bare number up to 1 is a share, above 1 a percentage.</summary>
    internal static bool TryParseShare(string value, out decimal share)
    {
        share = 0;
        var s = value.Trim();
        var percent = s.EndsWith('%');
        if (percent)
        {
            s = s[..^1].TrimEnd();
        }

        if (!TryParseNumber(s, out var number) || number < 0)
        {
            return false;
        }

        share = percent || number > 1 ? number / 100 : number;
        return share <= 1;
    }

    internal static Language ParseLanguage(string value)
    {
        var v = value.Trim();
        return v.StartsWith("en", StringComparison.OrdinalIgnoreCase) || v.StartsWith("англ", StringComparison.OrdinalIgnoreCase)
            ? Language.En
            : Language.Ru;
    }

    private static bool TryParseNumber(string s, out decimal number) =>
        decimal.TryParse(s.Replace(',', '.').Replace(" ", string.Empty, StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);

    private static string Percent(decimal share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    private static bool IsSpace(char c) => c <= ' ' || c == '\u00A0' || c == '\uFEFF' || char.IsWhiteSpace(c);

    private static NameParts Name(int line, string[] values, ColumnLayout layout)
    {
        var last = values[(int)AttendanceColumn.LastName];
        var first = values[(int)AttendanceColumn.FirstName];
        var middle = values[(int)AttendanceColumn.MiddleName];
        var full = values[(int)AttendanceColumn.FullName];

        // Separate columns win; the full-name cell is the fallback for rows where they are empty.
        if (layout.HasSplitName && (last.Length > 0 || first.Length > 0 || full.Length == 0))
        {
            if (last.Length == 0 || first.Length == 0)
            {
                var column = last.Length == 0 ? AttendanceColumn.LastName : AttendanceColumn.FirstName;
                return NameParts.Fail(new RowIssue(line, layout.HeaderOf(column), RowIssueKind.Invalid, IssueCodes.NameMissing, [column == AttendanceColumn.LastName ? "last_name" : "first_name"]));
            }

            var russianOrder = AttendanceColumns.IsRussian(layout.HeaderOf(AttendanceColumn.LastName));
            var m = middle.Length == 0 ? null : middle;
            var fullName = russianOrder
                ? string.Join(' ', new[] { last, first, m }.Where(x => x is not null))
                : string.Join(' ', new[] { first, m, last }.Where(x => x is not null));
            return new NameParts(fullName, last, first, m, null);
        }

        var fullHeader = layout.Has(AttendanceColumn.FullName) ? layout.HeaderOf(AttendanceColumn.FullName) : layout.HeaderOf(AttendanceColumn.LastName);
        if (full.Length == 0)
        {
            return NameParts.Fail(new RowIssue(line, fullHeader, RowIssueKind.Invalid, IssueCodes.NameMissing, ["name"]));
        }

        var words = full.Replace(',', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            // One word cannot be split into a surname and a given name, and the certificate needs both.
            return NameParts.Fail(new RowIssue(line, fullHeader, RowIssueKind.Invalid, IssueCodes.NameIncomplete, []));
        }

        var written = string.Join(' ', words);
        if (AttendanceColumns.IsRussian(layout.HeaderOf(AttendanceColumn.FullName)))
        {
            // ФИО: Фамилия Имя Отчество; whatever follows the given name (e.g. "Гейдар оглы") is the patronymic.
            return new NameParts(written, words[0], words[1], words.Length > 2 ? string.Join(' ', words[2..]) : null, null);
        }

        return new NameParts(written, words[^1], words[0], words.Length > 2 ? string.Join(' ', words[1..^1]) : null, null);
    }

    private static RowResult Reject(int line, string? column, string code, params string[] args) =>
        new(null, new RowIssue(line, column ?? string.Empty, RowIssueKind.Invalid, code, args));

    private static RowResult NotEligible(int line, string column, string code, params string[] args) =>
        new(null, new RowIssue(line, column, RowIssueKind.NotEligible, code, args));

    private sealed record NameParts(string FullName, string Last, string First, string? Middle, RowIssue? Issue)
    {
        public static NameParts Fail(RowIssue issue) => new(string.Empty, string.Empty, string.Empty, null, issue);
    }
}
