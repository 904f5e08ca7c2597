using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;

namespace Nmo.Core.Attendance;

/// <summary>
/// The hyperlink targets of one .xlsx sheet by cell (row and column, 0-based): an e-mail cell may show a name while
/// its link holds the address. Read with the workbook's own parts (workbook.xml and the relationships).
/// </summary>
internal static class WorkbookHyperlinks
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace Pkg = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static Dictionary<(int Row, int Column), string> Read(Stream file, int sheetIndex)
    {
        var links = new Dictionary<(int Row, int Column), string>();
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var sheets = Load(zip, "xl/workbook.xml")?.Root?.Element(Main + "sheets")?.Elements(Main + "sheet").ToList();
            if (sheets is null || sheetIndex >= sheets.Count)
            {
                return links;
            }

            var id = (string?)sheets[sheetIndex].Attribute(Rel + "id");
            var target = Relationships(zip, "xl/_rels/workbook.xml.rels").GetValueOrDefault(id ?? string.Empty);
            if (target is null)
            {
                return links;
            }

            var sheetPath = target.StartsWith('/') ? target[1..] : "xl/" + target;
            var folder = sheetPath[..(sheetPath.LastIndexOf('/') + 1)];
            var targets = Relationships(zip, $"{folder}_rels/{sheetPath[folder.Length..]}.rels");
            if (targets.Count == 0 || zip.GetEntry(sheetPath) is not { } sheet)
            {
                return links;
            }

            using var xml = XmlReader.Create(sheet.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (xml.ReadToFollowing("hyperlink", Main.NamespaceName))
            {
                var reference = xml.GetAttribute("ref");
                var rid = xml.GetAttribute("id", Rel.NamespaceName);
                if (reference is not null && rid is not null && targets.TryGetValue(rid, out var address) && Cell(reference) is { } cell)
                {
                    links[cell] = address;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            // Links are a help, not a requirement: a workbook whose parts do not say more is read by its cells.
        }
        finally
        {
            file.Position = 0;
        }

        return links;
    }

    private static XDocument? Load(ZipArchive zip, string path)
    {
        if (zip.GetEntry(path) is not { } entry)
        {
            return null;
        }

        using var stream = entry.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(xml);
    }

    private static Dictionary<string, string> Relationships(ZipArchive zip, string path) =>
        Load(zip, path)?.Root?.Elements(Pkg + "Relationship")
            .Where(r => r.Attribute("Id") is not null && r.Attribute("Target") is not null)
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!, StringComparer.Ordinal)
        ?? [];

    /// <summary>"E4" → (3, 4).</summary>
    private static (int Row, int Column)? Cell(string reference)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        // A range ("E4:E9") links its first cell only as far as this reader is concerned.
        var end = reference.IndexOf(':', StringComparison.Ordinal);
        var digits = end < 0 ? reference[i..] : reference[i..end];
        return column > 0 && int.TryParse(digits, out var row) && row > 0 ? (row - 1, column - 1) : null;
    }
}
