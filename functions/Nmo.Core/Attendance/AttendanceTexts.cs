using System.Globalization;
using Nmo.Core.Localization;

namespace Nmo.Core.Attendance;

/// <summary>Words for issue codes, in Russian (the default) or English, addressed to the provider who uploaded the file.</summary>
public static class AttendanceTexts
{
    public static string Describe(RowIssue issue, Language language)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var en = language == Language.En;
        var a = issue.Args;
        return issue.Code switch
        {
            "field.too_long" => en ? $"the value is longer than {Arg(a, 0)} characters" : $"значение длиннее {Arg(a, 0)} символов",
            "text.garbled" => en
                ? "the value contains unreadable characters (the file mixes encodings; save it again as UTF-8)"
                : "в значении нечитаемые символы (в файле смешаны кодировки; сохраните его заново в UTF-8)",
            "name.missing" => Arg(a, 0) switch
            {
                "last_name" => en ? "the last name is empty" : "не указана фамилия",
                "first_name" => en ? "the first name is empty" : "не указано имя",
                _ => en ? "the name is empty" : "не указаны фамилия и имя",
            },
            "name.incomplete" => en
                ? "the full name must hold at least a last name and a first name"
                : "в ФИО должны быть хотя бы фамилия и имя",
            EmailAddress.Missing => en ? "the e-mail address is empty" : "не указан адрес электронной почты",
            EmailAddress.Invalid => en ? "the e-mail address is not valid" : "адрес электронной почты указан с ошибкой",
            EmailAddress.Undeliverable => en
                ? $"the e-mail domain «{Arg(a, 0)}» cannot receive mail"
                : $"на домен «{Arg(a, 0)}» нельзя доставить почту",
            Snils.Invalid => en
                ? "SNILS must have 11 digits (123-456-789 01)"
                : "СНИЛС должен состоять из 11 цифр (123-456-789 01)",
            Snils.Checksum => en ? "the SNILS control number does not match" : "не сходится контрольное число СНИЛС",
            "minutes.invalid" => en ? "the attendance minutes are not a number" : "время присутствия (минуты) указано не числом",
            "presence.invalid" => en
                ? "the presence share is not a number from 0 to 100 %"
                : "доля присутствия указана не числом от 0 до 100 %",
            "attendance.missing" => en ? "the attendance is not given" : "не указано присутствие",
            "attendance.minutes_below" => en
                ? $"attended {Arg(a, 0)} min, the event requires at least {Arg(a, 1)} min"
                : $"присутствие {Arg(a, 0)} мин, а для мероприятия нужно не меньше {Arg(a, 1)} мин",
            "attendance.share_below" => en
                ? $"attended {Arg(a, 0)} of the event, at least {Arg(a, 1)} is required"
                : $"присутствие {Arg(a, 0)} мероприятия, а нужно не меньше {Arg(a, 1)}",
            "row.columns" => en
                ? $"the row has {Arg(a, 1)} values but the header has {Arg(a, 0)} columns; a value holding the delimiter «{Arg(a, 2)}» must be in quotes"
                : $"в строке {Arg(a, 1)} значений, а в заголовке {Arg(a, 0)} столбцов; значение, в котором есть разделитель «{Arg(a, 2)}», нужно заключить в кавычки",
            "row.duplicate" => en
                ? $"the same attendee (e-mail) is already on line {Arg(a, 0)}"
                : $"этот участник (адрес почты) уже есть в строке {Arg(a, 0)}",
            "row.already_issued" => en
                ? "a code has already been issued to this attendee for this event"
                : "этому участнику уже выдан код за это мероприятие",
            "email.failed" => en
                ? $"the certificate e-mail was not accepted by the mail service: {Arg(a, 0)}"
                : $"письмо со свидетельством не принято почтовым сервисом: {Arg(a, 0)}",
            "email.bounced" => en
                ? $"the certificate e-mail bounced (check the address): {Arg(a, 0)}"
                : $"письмо со свидетельством вернулось (проверьте адрес): {Arg(a, 0)}",
            "email.dropped" => en
                ? $"the mail service did not deliver the certificate e-mail: {Arg(a, 0)}"
                : $"почтовый сервис не доставил письмо со свидетельством: {Arg(a, 0)}",
            _ => Fallback(issue.Code, a),
        };
    }

    /// <summary>"Строка 5, «Email»: адрес ... указан с ошибкой" — a row issue with its place, as a report line.</summary>
    public static string Format(RowIssue issue, Language language)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var en = language == Language.En;
        var place = en ? $"Line {issue.Line}" : $"Строка {issue.Line}";
        if (issue.Column.Length > 0)
        {
            place += $", «{issue.Column}»";
        }

        return $"{place}: {Describe(issue, language)}";
    }

    public static string Describe(FileIssue issue, Language language)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var en = language == Language.En;
        var a = issue.Args;
        return issue.Code switch
        {
            "file.empty" => en ? "the file is empty" : "файл пустой",
            "file.binary" => en
                ? "this is not a text file; export the list from the spreadsheet as CSV"
                : "это не текстовый файл; сохраните список из таблицы в формате CSV",
            "file.spreadsheet" => en
                ? "this is a spreadsheet workbook (xlsx/xls/ods), not CSV; use «Save as» → CSV"
                : "это книга электронной таблицы (xlsx/xls/ods), а не CSV; выберите «Сохранить как» → CSV",
            "file.too_large" => en
                ? $"the file is larger than {Size(a, en)}"
                : $"файл больше {Size(a, en)}",
            "file.no_rows" => en ? "the file has a header but no attendees" : "в файле есть заголовок, но нет ни одного участника",
            "file.unterminated_quote" => en
                ? $"a quote opened on line {Arg(a, 0)} is never closed, so the rest of the file cannot be split into rows"
                : $"кавычка, открытая в строке {Arg(a, 0)}, не закрыта, и остаток файла нельзя разобрать на строки",
            "file.record_too_large" => en
                ? $"from line {Arg(a, 0)} on, the file cannot be split into rows (an unclosed quote?)"
                : $"начиная со строки {Arg(a, 0)} файл нельзя разобрать на строки (не закрыта кавычка?)",
            "header.unrecognized" => en
                ? "the first line is not a header: none of its column names is known (expected e.g. Фамилия; Имя; Отчество; Email)"
                : "первая строка не похожа на заголовок: ни одно название столбца не распознано (ожидаются, например, Фамилия; Имя; Отчество; Email)",
            "header.ambiguous" => en
                ? $"the column «{Arg(a, 0)}» does not say which name it holds; call it «Full name» (or «ФИО»), or use «Last name» and «First name»"
                : $"по названию столбца «{Arg(a, 0)}» непонятно, что в нём; назовите его «ФИО» или разделите на «Фамилия» и «Имя»",
            "column.missing" => MissingColumn(Arg(a, 0), en),
            "header.unknown" => en
                ? $"columns ignored: {Quoted(a)}"
                : $"не учитываются столбцы: {Quoted(a)}",
            "header.duplicate" => en
                ? $"the column «{Arg(a, 0)}» repeats «{Arg(a, 1)}» and is ignored"
                : $"столбец «{Arg(a, 0)}» повторяет «{Arg(a, 1)}» и не учитывается",
            _ => Fallback(issue.Code, a),
        };
    }

    private static string MissingColumn(string key, bool en) => key switch
    {
        "email" => en ? "the e-mail column (Email, E-mail) is missing" : "нет столбца с адресом почты (Email, Электронная почта)",
        "name" => en ? "the name columns (Last name and First name, or Full name) are missing" : "нет столбцов с именем (Фамилия и Имя, или ФИО)",
        "last_name" => en ? "the Last name column is missing" : "нет столбца «Фамилия»",
        "first_name" => en ? "the First name column is missing" : "нет столбца «Имя»",
        "minutes" => en
            ? "the attendance minutes column is missing; the event's attendance threshold needs it"
            : "нет столбца с временем присутствия в минутах, а он нужен для порога присутствия мероприятия",
        "presence" => en
            ? "the presence share column is missing; the event's attendance threshold needs it"
            : "нет столбца с долей присутствия, а он нужен для порога присутствия мероприятия",
        "attendance" => en
            ? "the attendance column (minutes or presence share) is missing; the event's attendance threshold needs it"
            : "нет столбца с присутствием (минуты или доля), а он нужен для порога присутствия мероприятия",
        _ => en ? $"the {key} column is missing" : $"нет столбца «{key}»",
    };

    private static string Size(IReadOnlyList<string> args, bool en)
    {
        if (!long.TryParse(Arg(args, 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes))
        {
            return Arg(args, 0) + (en ? " MB" : " МБ");
        }

        return bytes switch
        {
            >= 1024 * 1024 => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + (en ? " MB" : " МБ"),
            >= 1024 => (bytes / 1024).ToString(CultureInfo.InvariantCulture) + (en ? " KB" : " КБ"),
            _ => bytes.ToString(CultureInfo.InvariantCulture) + (en ? " bytes" : " байт"),
        };
    }

    private static string Quoted(IReadOnlyList<string> names) => string.Join(", ", names.Select(n => $"«{n}»"));

    private static string Arg(IReadOnlyList<string> args, int index) => index < args.Count ? args[index] : string.Empty;

    private static string Fallback(string code, IReadOnlyList<string> args) =>
        args.Count == 0 ? code : $"{code} ({string.Join(", ", args)})";
}
