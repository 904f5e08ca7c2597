using System.Text;
using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

public sealed class EncodingTests
{
    private static readonly string RussianExcel = CsvFiles.Crlf(
        "Фамилия;Имя;Отчество;Электронная почта;Специальность",
        "Ёлкина;Мария;Петровна;elkina@clinic.example;Терапия",
        "Щукин;Эдуард;Юрьевич;shchukin@clinic.example;Хирургия");

    [Fact]
    public void Utf8_without_bom_is_detected()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Utf8Bytes(RussianExcel));

        Assert.Equal("UTF-8", file.EncodingName);
        Assert.Equal(["Ёлкина Мария Петровна", "Щукин Эдуард Юрьевич"], rows.Select(r => r.Attendee!.FullName));
    }

    [Fact]
    public void Utf8_bom_is_detected_and_not_glued_to_the_first_header()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Utf8BomBytes(RussianExcel));

        Assert.Equal("UTF-8 BOM", file.EncodingName);
        Assert.Empty(file.Problems);
        Assert.Empty(file.Warnings);
        Assert.Equal("Ёлкина", rows[0].Attendee!.LastName);
        Assert.Equal(2, rows[0].Line);
    }

    [Fact]
    public void Utf16_little_endian_with_bom_from_excel_unicode_text_is_read()
    {
        var text = RussianExcel.Replace(';', '\t');
        var (file, rows) = CsvFiles.Read(CsvFiles.Utf16LeBomBytes(text));

        Assert.Equal("UTF-16LE BOM", file.EncodingName);
        Assert.Equal("\t", file.Delimiter);
        Assert.Equal(["Ёлкина Мария Петровна", "Щукин Эдуард Юрьевич"], rows.Select(r => r.Attendee!.FullName));
        Assert.Equal([2, 3], rows.Select(r => r.Line));
    }

    [Fact]
    public void Utf16_big_endian_with_bom_is_read()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Utf16BeBomBytes(RussianExcel));

        Assert.Equal("UTF-16BE BOM", file.EncodingName);
        Assert.Equal("shchukin@clinic.example", rows[1].Attendee!.Email);
        Assert.Equal("Юрьевич", rows[1].Attendee!.MiddleName);
    }

    [Fact]
    public void Windows1251_semicolon_export_from_russian_excel_is_read()
    {
        var (file, rows) = CsvFiles.Read(CsvFiles.Windows1251Bytes(RussianExcel));

        Assert.Equal("Windows-1251", file.EncodingName);
        Assert.Equal(";", file.Delimiter);
        Assert.Empty(file.Problems);
        Assert.Equal(["Ёлкина Мария Петровна", "Щукин Эдуард Юрьевич"], rows.Select(r => r.Attendee!.FullName));
        Assert.Equal("Хирургия", rows[1].Attendee!.Specialty);
    }

    [Fact]
    public void A_character_cut_by_the_end_of_the_sniffed_prefix_does_not_make_utf8_look_like_1251()
    {
        // Fill the file so that the 64 KiB sample ends inside the two bytes of a Cyrillic letter.
        var header = "Фамилия;Имя;Email\n";
        var sb = new StringBuilder(header);
        var n = 0;
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < TextSniffer.SampleSize - 40)
        {
            sb.Append($"Иванов;Иван;i{n++}@clinic.example\n");
        }

        var padding = new string('a', TextSniffer.SampleSize - Encoding.UTF8.GetByteCount(sb.ToString()) - 1);
        sb.Append(padding).Append("Ж;Иван;last@clinic.example\n");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        Assert.Equal(0xD0, bytes[TextSniffer.SampleSize - 1]); // the sample really ends mid-character

        var (file, rows) = CsvFiles.Read(bytes);

        Assert.Equal("UTF-8", file.EncodingName);
        Assert.Equal(padding + "Ж", rows[^1].Attendee!.LastName);
        Assert.All(rows, r => Assert.Null(r.Issue));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_after_the_sniffed_prefix_reject_the_row_instead_of_garbling_the_name()
    {
        var start = new StringBuilder("Last name;First name;Email\n");
        for (var i = 0; start.Length < TextSniffer.SampleSize + 100; i++)
        {
            start.Append($"Smith;John;john{i}@clinic.example\n");
        }

        var lines = start.ToString().Count(c => c == '\n');
        byte[] bytes = [.. Encoding.ASCII.GetBytes(start.ToString()), .. CsvFiles.Windows1251Bytes("Петров;Пётр;petrov@clinic.example\n")];

        var (file, rows) = CsvFiles.Read(bytes);

        Assert.Equal("UTF-8", file.EncodingName);
        var last = rows[^1];
        Assert.Equal(lines + 1, last.Line);
        Assert.Equal("text.garbled", last.Issue!.Code);
    }
}
