using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

/// <summary>Workbooks built to exhaust the reader are refused or read within bounds, never an out-of-memory error.</summary>
public sealed class WorkbookBombTests
{
    [Fact]
    public void A_zip_bomb_is_refused_before_it_is_unpacked()
    {
        var bomb = ZipBomb(expandedBytes: 300L * 1024 * 1024);
        Assert.True(bomb.Length < 2 * 1024 * 1024, $"{bomb.Length} bytes");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var report = AttendanceValidator.Validate(new MemoryStream(bomb), new AttendanceRules());

        Assert.Equal(["file.workbook-bomb"], report.Problems.Select(p => p.Code));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 32L * 1024 * 1024, "the check allocated more than 32 MB");
    }

    [Fact]
    public void A_huge_declared_dimension_is_read_within_bounds()
    {
        var workbook = WithDimension(WorkbookTests.File("titled.xlsx"), "A1:XFD1048576");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var (file, rows) = CsvFiles.Read(workbook);

        Assert.Empty(file.Problems);
        Assert.Equal(15, rows.Count(r => r.Accepted));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 256L * 1024 * 1024, "reading allocated more than 256 MB");
    }

    [Fact]
    public void A_workbook_over_the_size_limit_is_refused_as_too_large()
    {
        var report = AttendanceValidator.Validate(new NonSeekable(WorkbookTests.File("titled.xlsx")), new AttendanceRules(MaxBytes: 4096));

        Assert.Equal(["file.too-large"], report.Problems.Select(p => p.Code));
    }

    [Fact]
    public void A_zip_that_is_no_workbook_is_unreadable_not_a_crash()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("content.xml").Open());
            writer.Write("<office:document-content/>");
        }

        var report = AttendanceValidator.Validate(new MemoryStream(zip.ToArray()), new AttendanceRules());

        Assert.Equal(["file.workbook-unreadable"], report.Problems.Select(p => p.Code));
    }

    /// <summary>A minimal .xlsx whose one sheet inflates to <paramref name="expandedBytes"/> of blanks.</summary>
    private static byte[] ZipBomb(long expandedBytes)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""");
            Write(zip, "xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Лист1" sheetId="1"/></sheets></workbook>""");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            sheet.Write("<worksheet><sheetData>"u8);
            var blanks = new byte[1024 * 1024];
            Array.Fill(blanks, (byte)' ');
            for (long written = 0; written < expandedBytes; written += blanks.Length)
            {
                sheet.Write(blanks);
            }

            sheet.Write("</sheetData></worksheet>"u8);
        }

        return output.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The workbook with every sheet's declared dimension replaced.</summary>
    private static byte[] WithDimension(byte[] xlsx, string dimension)
    {
        var output = new MemoryStream();
        output.Write(xlsx);
        using (var zip = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)).ToList())
            {
                string xml;
                using (var reader = new StreamReader(entry.Open()))
                {
                    xml = reader.ReadToEnd();
                }

                Assert.Contains("<dimension ref=", xml, StringComparison.Ordinal);
                xml = Regex.Replace(xml, "<dimension ref=\"[^\"]*\"", $"<dimension ref=\"{dimension}\"");
                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(xml);
            }
        }

        return output.ToArray();
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
