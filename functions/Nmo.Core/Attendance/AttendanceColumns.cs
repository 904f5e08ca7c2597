using System.Text;

namespace Nmo.Core.Attendance;

/// <summary>The columns the reader understands.</summary>
internal enum AttendanceColumn
{
    LastName,
    FirstName,
    MiddleName,
    FullName,
    Email,
    Specialty,
    Snils,
    Minutes,
    Presence,
    Language,
}

/// <summary>
/// Header recognition. Providers write headers in Russian or English, in any case, with spaces, underscores,
/// hyphens, dots or <c>ё</c>; all of those are ignored when matching, so one synonym covers its spellings.
/// </summary>
internal static class AttendanceColumns
{
    private static readonly Dictionary<string, AttendanceColumn> Synonyms = Build(
        (AttendanceColumn.LastName, ["фамилия", "фамилияучастника", "lastname", "surname", "familyname"]),
        (AttendanceColumn.FirstName, ["имя", "имяучастника", "firstname", "givenname"]),
        (AttendanceColumn.MiddleName, ["отчество", "middlename", "patronymic", "secondname"]),
        (AttendanceColumn.FullName, ["фио", "фиоучастника", "фиополностью", "фамилияимяотчество", "fullname", "attendeefullname", "participantfullname"]),
        (AttendanceColumn.Email, ["email", "emailaddress", "emailадрес", "адресemail", "emailучастника", "mail", "электроннаяпочта", "адресэлектроннойпочты", "почта", "элпочта", "адреспочты", "адресэлпочты", "почтаучастника", "емейл", "емэйл", "имейл", "эмейл", "емаил"]),
        (AttendanceColumn.Specialty, ["специальность", "specialty", "speciality"]),
        (AttendanceColumn.Snils, ["снилс", "snils"]),
        (AttendanceColumn.Minutes, ["минуты", "минут", "присутствиемин", "присутствиеминут", "времяприсутствиямин", "времяприсутствия", "attendanceminutes", "minutes", "minutesattended", "duration", "durationmin", "durationminutes"]),
        (AttendanceColumn.Presence, ["доляприсутствия", "присутствие%", "presence", "presence%", "attendance%", "attendanceshare", "attendancepercent", "процентприсутствия"]),
        (AttendanceColumn.Language, ["язык", "языкписьма", "language", "lang"]));

    /// <summary>Headers that people use for a name but that do not say which part: rejected with a hint, never guessed.</summary>
    private static readonly HashSet<string> Ambiguous = ["name", "participant", "attendee", "участник", "слушатель"];

    public static AttendanceColumn? Recognize(string header) =>
        Synonyms.TryGetValue(Normalize(header), out var column) ? column : null;

    public static bool IsAmbiguousName(string header) => Ambiguous.Contains(Normalize(header));

    /// <summary>
    /// The running number column of Russian lists (<c>№</c>, <c>№ п/п</c>, <c>N п/п</c>): known, and of no use to
    /// the reader. Matched on the header without spaces and dots, since <c>№</c> and <c>/</c> are not letters.
    /// </summary>
    public static bool IsRowNumber(string header)
    {
        var compact = string.Concat(header.Where(c => !char.IsWhiteSpace(c) && c != '.')).ToLowerInvariant();
        return RowNumberNames.Contains(compact);
    }

    private static readonly HashSet<string> RowNumberNames = ["№", "№п/п", "№пп", "nп/п", "nпп", "n", "no", "#", "п/п", "пп", "номер", "номерп/п", "npp", "n/n"];

    /// <summary>Whether a full-name header is Russian ("ФИО": surname first) rather than English ("Full name": given name first).</summary>
    public static bool IsRussian(string header)
    {
        foreach (var c in header)
        {
            if (c is >= 'А' and <= 'я' or 'ё' or 'Ё')
            {
                return true;
            }
        }

        return false;
    }

    internal static string Normalize(string header)
    {
        var sb = new StringBuilder(header.Length);
        foreach (var ch in header)
        {
            var c = char.ToLowerInvariant(ch);
            if (c == 'ё')
            {
                c = 'е';
            }

            if (char.IsLetterOrDigit(c) || c == '%')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static Dictionary<string, AttendanceColumn> Build(params (AttendanceColumn Column, string[] Names)[] groups)
    {
        var map = new Dictionary<string, AttendanceColumn>(StringComparer.Ordinal);
        foreach (var (column, names) in groups)
        {
            foreach (var name in names)
            {
                map.Add(name, column);
            }
        }

        return map;
    }
}
