using System.Globalization;
using System.Text;
using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

/// <summary>
/// A file that is only counted (a validation, the rows before a checkpoint) decides plain rows from their bytes
/// (<see cref="PlainRow"/>) instead of building an attendee. Every row must get the verdict it gets when read in
/// full: the same acceptance, the same issue with the same line, column and arguments, the same duplicates.
/// </summary>
public sealed class PlainRowTests
{
    private static readonly string[] Layouts =
    [
        "Фамилия;Имя;Отчество;Email;Специальность;СНИЛС;Минуты;Присутствие;Язык",
        "ФИО;Email;СНИЛС;Язык",
        "Full name;E-mail;Minutes",
        "Last name;First name;Email;Presence",
        "№;Фамилия;Имя;Email",
    ];

    // Every kind of cell that the full reading treats specially, and plain ones around them.
    private static readonly string[] Names =
    [
        "Иванов", "Ivanov", "Ёлкина", "Jean-Luc", "O'Brien", "Иванов Иван", "Иванов,Иван", "Иванов, Иван Петрович",
        "Гейдар оглы Алиев", "Анна  Мария", "Анна\u00A0Мария", "\u200BОльга", "Оль\uFEFFга", "О\uFFFDльга", "王芳",
        "😀 Smile", "Ab\tCd", "\u2003Em", "Em\u2003", "Z\u00ADap", "ÅÄÖ Ørsted", "Ne\u0085xt", "Line\nbreak", "",
        new string('A', 200), new string('A', 201), new string('Я', 100), new string('Я', 101), "Ив\u0001ан",
        "\"Quoted; name\"", "a b c d", ",", "Иванов ,", "\u0400\u047F", "Ѐѿ Ґ",
    ];

    private static readonly string[] Emails =
    [
        "doctor{0}@clinic.example", "Doctor{0}@Clinic.Example", "DOCTOR{0}@MAIL.RU", "doctor{0}@mail.ru",
        "mailto:doctor{0}@mail.ru", "MAILTO:doctor{0}@mail.ru?subject=x", "Иванов <doctor{0}@mail.ru>", "<doctor{0}@mail.ru>",
        "doctor{0}@почта.рф", "doctor{0}@mаil.ru", "doctor{0}@example.com", "doctor{0}@EXAMPLE.org", "doc..tor{0}@mail.ru",
        ".doc{0}@mail.ru", "doc{0}.@mail.ru", "doc{0}@mail", "doc{0}@mail.r", "doc{0}@mail.123", "doc{0}@@mail.ru",
        "doc{0}@ma@il.ru", "doc{0}@-mail.ru", "doc{0}@mail-.ru", "doc{0}@host.invalid", "doc{0}@HOST.LOCAL",
        "doc{0}@localhost", "doc{0}@xn--80a1acny.xn--p1ai", "", "d o c{0}@mail.ru", "doc{0}@mail.ru.", "doc{0}@mail..ru",
        "doctor{0}", "ДОКТОР{0}@mail.ru", "{1}{0}@mail.ru", "doc{0}@{2}.ru", "doc{0}@a.b.c.d.ru", "doc+tag{0}@mail.ru",
        "doc{0}@mail.ru\u00A0", "doc{0}@mail.ru>", "doc{0}@mail.xn--p1ai", "doc{0}@1.2.3.4", "doc#{0}@mail.ru",
    ];

    private static readonly string[] Snilses =
    [
        "", "", "", "112-233-445 95", "11223344595", "112-233-445 96", "abc", "112 233 445 95", "12345678",
        "001-001-998 00", "112\u2013233\u2013445 95", "1122334459", "112-233-445 95 1", "112--233-445 95",
    ];

    private static readonly string[] Minutes = ["", "", "90", "30", "1:30", "45 мин", "abc", "-5", "0:75", "100001"];

    private static readonly string[] Presences = ["", "", "85%", "0,85", "0.5", "abc", "150", "1"];

    private static readonly string[] Languages = ["", "en", "ru", "English", "Английский", "  "];

    private static readonly string[] Specialties = ["", "Терапия", "Кардио\u00A0логия", "Общая врачебная практика (семейная медицина)", "«Педиатрия» №1", new string('X', 201)];

    public static TheoryData<int, int?, double?> Cases()
    {
        var data = new TheoryData<int, int?, double?>();
        for (var layout = 0; layout < Layouts.Length; layout++)
        {
            data.Add(layout, null, null);
            data.Add(layout, 60, null);
            data.Add(layout, null, 0.8);
            data.Add(layout, 60, 0.8);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Counting_a_file_gives_every_row_the_verdict_of_reading_it_in_full(int layout, int? minMinutes, double? minShare)
    {
        var rules = new AttendanceRules(minMinutes, minShare is null ? null : (decimal)minShare.Value);
        var seed = (layout * 7) + (minMinutes ?? 0) + (int)((minShare ?? 0) * 10);

        // What LibreOffice writes by default, what Excel writes as "CSV" and as "Unicode text", and a comma file.
        foreach (var (delimiter, newline) in (ReadOnlySpan<(char, string)>)[(';', "\n"), (';', "\r\n"), ('\t', "\r\n"), (',', "\n")])
        {
            var text = Generate(Layouts[layout], 1500, seed, delimiter, newline);
            foreach (var bytes in (byte[][])[CsvFiles.Utf8Bytes(text), CsvFiles.Utf8BomBytes(text), CsvFiles.Utf16LeBomBytes(text), CsvFiles.Windows1251Bytes(Windows1251Safe(text))])
            {
                AssertSameVerdicts(bytes, rules, layout, minMinutes, minShare);
            }
        }
    }

    private static void AssertSameVerdicts(byte[] bytes, AttendanceRules rules, int layout, int? minMinutes, double? minShare)
    {
        var (full, fullRows, _) = ReadAll(bytes, rules, attendeesFrom: 1);
        var (counted, countedRows, plain) = ReadAll(bytes, rules, attendeesFrom: int.MaxValue);

        Assert.Equal(Describe(full.Problems), Describe(counted.Problems));
        Assert.Equal(Describe(full.Warnings), Describe(counted.Warnings));
        Assert.Equal(fullRows.Count, countedRows.Count);
        for (var i = 0; i < fullRows.Count; i++)
        {
            Assert.Equal(Verdict(fullRows[i]), Verdict(countedRows[i]));
        }

        // The comparison means something only if both ways were taken: most rows here are plain, many are not.
        // A threshold on a column of the file needs its value parsed, which only the full reading does.
        var columns = Layouts[layout].Split(';');
        var bound = (minMinutes is not null && columns.Intersect(["Минуты", "Minutes"]).Any())
            || (minShare is not null && columns.Intersect(["Присутствие", "Presence"]).Any());
        if (bound)
        {
            Assert.Equal(0, plain);
        }
        else
        {
            Assert.InRange(plain, fullRows.Count / 10, fullRows.Count - (fullRows.Count / 10));
        }
    }

    [Fact]
    public void Plain_rows_are_counted_without_an_attendee_until_the_row_the_caller_needs_them_from()
    {
        var text = CsvFiles.Lf(
            "Фамилия;Имя;Email",
            "Иванов;Иван;ivanov@mail.ru",
            "Петров;Пётр;petrov@mail.ru",
            "Сидоров;Сидор;sidorov@mail.ru");
        using var file = AttendanceReader.Open(new MemoryStream(CsvFiles.Utf8Bytes(text)), new AttendanceRules());

        var rows = file.Rows(attendeesFrom: 3).ToList();

        Assert.Same(RowResult.Counted, rows[0]);
        Assert.Same(RowResult.Counted, rows[1]);
        Assert.True(rows[0].Accepted);
        Assert.Equal("Сидоров Сидор", rows[2].Attendee!.FullName);
        Assert.Equal(4, rows[2].Line);
    }

    [Fact]
    public void A_row_that_needs_cleaning_is_read_in_full_even_when_only_counted()
    {
        var text = CsvFiles.Lf(
            "Фамилия;Имя;Email",
            "Иванов;Иван;mailto:ivanov@mail.ru");
        using var file = AttendanceReader.Open(new MemoryStream(CsvFiles.Utf8Bytes(text)), new AttendanceRules());

        var row = Assert.Single(file.Rows(attendeesFrom: int.MaxValue));

        Assert.Equal("ivanov@mail.ru", row.Attendee!.Email);
        Assert.Contains(file.Warnings, w => w.Code == IssueCodes.EmailMailtoRemoved);
    }

    [Fact]
    public void A_duplicate_is_found_between_a_counted_row_and_one_read_in_full_either_way_round()
    {
        var text = CsvFiles.Lf(
            "Фамилия;Имя;Email",
            "Иванов;Иван;ivanov@mail.ru",
            "Иванов;Иван;mailto:IVANOV@Mail.Ru",
            "Петров;Пётр;<petrov@mail.ru>",
            "Петров;Пётр;Petrov@MAIL.ru");

        var report = CsvFiles.Validate(text);

        Assert.Equal(2, report.Accepted);
        Assert.Equal([(3, IssueCodes.RowDuplicate, "2"), (5, IssueCodes.RowDuplicate, "4")], report.Errors.Select(e => (e.Line, e.Code, e.Args[0])));
    }

    [Theory]
    [InlineData("Иванов Иван", true)]
    [InlineData("Ivanov Ivan-Petr O'Neil", true)]
    [InlineData("王芳 😀 Ørsted", true)]
    [InlineData("", true)]
    [InlineData(" Иванов", false)]
    [InlineData("Иванов ", false)]
    [InlineData("Иванов  Иван", false)]
    [InlineData("Иванов\tИван", false)]
    [InlineData("Иванов\u00A0Иван", false)]
    [InlineData("Иванов\u2003Иван", false)]
    [InlineData("Иванов\u200BИван", false)]
    [InlineData("Иванов\uFEFFИван", false)]
    [InlineData("Иванов\uFFFDИван", false)]
    [InlineData("Ne\u0085xt", false)]
    [InlineData("Del\u007F", false)]
    public void Clean_text_is_what_the_full_reading_would_leave_as_it_is(string cell, bool clean)
    {
        Assert.Equal(clean, PlainRow.IsClean(Encoding.UTF8.GetBytes(cell)));
        if (clean)
        {
            Assert.Equal(cell, AttendanceRow.Clean(cell));
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xD0 }, false)]
    [InlineData(new byte[] { 0xD0, 0x41 }, false)]
    [InlineData(new byte[] { 0x41, 0xBF }, false)]
    [InlineData(new byte[] { 0xC3, 0x28 }, false)]
    [InlineData(new byte[] { 0xE2, 0x82 }, false)]
    [InlineData(new byte[] { 0xD0, 0x98 }, true)]
    public void Bytes_that_are_not_well_formed_text_are_never_clean(byte[] cell, bool clean) =>
        Assert.Equal(clean, PlainRow.IsClean(cell));

    [Fact]
    public void A_quoted_cell_is_read_as_the_reader_decodes_it_not_as_the_file_spells_it()
    {
        var text = CsvFiles.Lf(
            "Фамилия;Имя;Email",
            "\"\";Иван;ivanov@mail.ru",
            "\"Петров\";\"Пётр\";\"petrov@mail.ru\"",
            "Сидоров;Сидор;\"sidorov@mail.ru\"");
        var bytes = CsvFiles.Utf8Bytes(text);

        var (_, full, _) = ReadAll(bytes, new AttendanceRules(), attendeesFrom: 1);
        var (_, counted, _) = ReadAll(bytes, new AttendanceRules(), attendeesFrom: int.MaxValue);

        Assert.Equal([false, true, true], full.Select(r => r.Accepted));
        Assert.Equal(full.Select(Verdict), counted.Select(Verdict));
    }

    [Theory]
    [InlineData("Иванов;Иван;Петрович;ivanov@mail.ru;Терапия", ';', true)]
    [InlineData("Ёлкина;Ѐѿ;O'Neil-Smith;a.b+c@mail.ru;;;", ';', true)]
    [InlineData("Иванов\tИван\tivanov@mail.ru", '\t', true)]
    [InlineData("Иванов Иван,ivanov@mail.ru", ',', true)]
    [InlineData(" Иванов;Иван ;ivanov@mail.ru", ';', true)]
    [InlineData("", ';', true)]
    [InlineData("Иванов\tИван;ivanov@mail.ru", ';', false)]
    [InlineData("\"Иванов\";Иван;ivanov@mail.ru", ';', false)]
    [InlineData("Иванов  Иван;ivanov@mail.ru", ';', false)]
    [InlineData("Иванов\u00A0Иван;ivanov@mail.ru", ';', false)]
    [InlineData("Иванов;Иван\u200B;ivanov@mail.ru", ';', false)]
    [InlineData("Иванов;Иван;ivanov@mail.ru\uFEFF", ';', false)]
    [InlineData("О\uFFFDльга;ivanov@mail.ru", ';', false)]
    [InlineData("Ørsted;ivanov@mail.ru", ';', false)]
    [InlineData("Del\u007F;ivanov@mail.ru", ';', false)]
    public void A_record_is_clean_at_once_when_it_is_ascii_and_cyrillic_with_nothing_to_clean(string record, char delimiter, bool clean) =>
        Assert.Equal(clean, PlainRow.IsCleanRecord(Encoding.UTF8.GetBytes(record), (byte)delimiter));

    [Fact]
    public void A_record_found_clean_holds_only_cells_that_are_clean_but_for_spaces_at_their_edges()
    {
        // Pieces of cells: the plain ones, every character Clean changes, and bytes that are not text at all.
        byte[][] pieces =
        [
            .. new[]
            {
                "a", "Z", "@", ".", "1", " ", ";", ",", "\t", "\"", "Ж", "ё", "Ѐ", "ѿ", "\u00A0", "\u0085", "\u200B", "\uFEFF",
                "\uFFFD", "\u2003", "\u3000", "é", "😀", "\u007F", "\u0001", "\r", "\n",
            }.Select(Encoding.UTF8.GetBytes),
            [0xD0], [0xD1], [0x80], [0xBF], [0xC0], [0xCF], [0xF5], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xD0, 0xD0], [0xFF],
        ];
        var random = new Random(3);
        var clean = 0;
        foreach (var delimiter in ";\t,"u8.ToArray())
        {
            for (var n = 0; n < 20_000; n++)
            {
                // Mostly plain pieces, so that a good share of the records come out clean.
                var record = Enumerable.Range(0, random.Next(40))
                    .SelectMany(_ => pieces[random.Next(4) == 0 ? random.Next(pieces.Length) : random.Next(7)])
                    .ToArray();
                if (!PlainRow.IsCleanRecord(record, delimiter))
                {
                    continue;
                }

                clean++;
                foreach (var cell in Cells(record, delimiter))
                {
                    Assert.True(PlainRow.IsClean(cell) || !PlainRow.EdgesClean(cell), $"{Convert.ToHexString(cell)} in {Convert.ToHexString(record)}");
                }
            }
        }

        Assert.InRange(clean, 6_000, 50_000);
    }

    [Fact]
    public void Cyrillic_pairs_are_well_formed_exactly_when_a_full_utf8_check_says_so()
    {
        // Every length to well past two vector blocks, so that the short loop, the blocks and the overlapping last
        // block are all taken, and one byte in two records changed, so that both answers are common.
        byte[] singles = [(byte)'a', (byte)';', (byte)' ', 0xD0, 0xD1, 0x80, 0x8F, 0x90, 0xBF];
        var random = new Random(8);
        int valid = 0, invalid = 0;
        for (var length = 0; length <= 80; length++)
        {
            for (var n = 0; n < 300; n++)
            {
                var bytes = new List<byte>();
                while (bytes.Count < length)
                {
                    bytes.AddRange(random.Next(2) == 0 ? [(byte)'a'] : [(byte)(0xD0 + random.Next(2)), (byte)(0x80 + random.Next(0x40))]);
                }

                var record = bytes.ToArray();
                if (random.Next(2) == 0 && record.Length > 0)
                {
                    record[random.Next(record.Length)] = singles[random.Next(singles.Length)];
                }

                var expected = System.Text.Unicode.Utf8.IsValid(record);
                Assert.True(expected == PlainRow.CyrillicPairs(record), Convert.ToHexString(record));
                (expected ? ref valid : ref invalid)++;
            }
        }

        Assert.InRange(valid, 5_000, 20_000);
        Assert.InRange(invalid, 5_000, 20_000);
    }

    private static List<byte[]> Cells(byte[] record, byte delimiter)
    {
        var cells = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= record.Length; i++)
        {
            if (i == record.Length || record[i] == delimiter)
            {
                cells.Add(record[start..i]);
                start = i + 1;
            }
        }

        return cells;
    }

    private static (AttendanceFile File, List<RowResult> Rows, int Plain) ReadAll(byte[] bytes, AttendanceRules rules, int attendeesFrom)
    {
        var file = AttendanceReader.Open(new MemoryStream(bytes), rules);
        var rows = file.Rows(attendeesFrom).ToList();
        file.Dispose();
        return (file, rows, rows.Count(r => ReferenceEquals(r, RowResult.Counted)));
    }

    private static string Verdict(RowResult row) =>
        row.Issue is { } issue
            ? $"{issue.Line} {issue.Kind} {issue.Code} [{issue.Column}] {string.Join("|", issue.Args)}"
            : "accepted";

    private static List<string> Describe(IEnumerable<FileIssue> issues) => [.. issues.Select(i => $"{i.Code} {string.Join("|", i.Args)}")];

    /// <summary>The same rows with what Windows-1251 cannot hold replaced, so that file says the same in its encoding.</summary>
    private static string Windows1251Safe(string text)
    {
        var encoding = Encoding.GetEncoding(1251, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);
        return encoding.GetString(encoding.GetBytes(text));
    }

    /// <summary>
    /// Rows drawn from the cells above: two in three plain, the others with one odd cell each, e-mails drawn from a
    /// small pool so that duplicates meet across both ways of reading.
    /// </summary>
    private static string Generate(string header, int rows, int seed, char delimiter, string newline)
    {
        var random = new Random(seed);
        var columns = header.Split(';');
        var sb = new StringBuilder().AppendJoin(delimiter, columns).Append(newline);
        for (var r = 0; r < rows; r++)
        {
            var odd = random.Next(3) == 0;
            var cells = columns.Select(c => Cell(c, random, odd && random.Next(columns.Length) == 0, r)).ToList();
            sb.AppendJoin(delimiter, cells.Select(c => Quote(c, delimiter))).Append(newline);
        }

        return sb.ToString();
    }

    private static string Cell(string column, Random random, bool odd, int row)
    {
        var pool = row % 500;
        string Pick(string[] values, params string[] plain) => odd ? values[random.Next(values.Length)] : plain[random.Next(plain.Length)];
        return column switch
        {
            "Email" or "E-mail" => string.Format(
                CultureInfo.InvariantCulture,
                Pick(Emails, "doctor{0}@mail.ru", "Doctor{0}@Clinic.Example", "doctor{0}@clinic.example"),
                random.Next(pool + 1),
                new string('a', 60),
                new string('b', 64)),
            "СНИЛС" => Pick(Snilses, string.Empty, "112-233-445 95", "11223344595"),
            "Минуты" or "Minutes" => Pick(Minutes, string.Empty),
            "Присутствие" or "Presence" => Pick(Presences, string.Empty),
            "Язык" => Pick(Languages, string.Empty, "en", "ru"),
            "Специальность" => Pick(Specialties, string.Empty, "Терапия", "Общая врачебная практика (семейная медицина)"),
            "№" => row.ToString(CultureInfo.InvariantCulture),
            "ФИО" or "Full name" => Pick(Names, "Иванов Иван Петрович", "Ivan Ivanov", "Иванов Иван"),
            _ => Pick(Names, "Иванов", "Пётр", "Ivanov", "Ёлкина"),
        };
    }

    private static string Quote(string cell, char delimiter) =>
        cell.Contains(delimiter, StringComparison.Ordinal) || cell.Contains('\n', StringComparison.Ordinal) || cell.StartsWith('"')
            ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : cell;
}
