using Nmo.Core.Certificates;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Plan;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;

namespace Nmo.Infrastructure.Documents;

/// <summary>
/// The report of educational activity as A4 pages: the cycle, the hours against the targets, then every credited
/// activity with its provider, date, hours, masked code and certificate link; a new page whenever one is full.
/// </summary>
public sealed class EducationReportPdfRenderer : IEducationReportPdfRenderer
{
    private const double Margin = 50;
    private const double Line = 14;
    private static readonly XColor Ink = XColor.FromArgb(0x1f, 0x29, 0x33);
    private static readonly XColor Muted = XColor.FromArgb(0x52, 0x60, 0x6d);

    public EducationReportPdfRenderer() => EmbeddedFonts.Install();

    public byte[] Render(EducationActivityReport report, Language language)
    {
        ArgumentNullException.ThrowIfNull(report);
        string T(string key, params object?[] args) => Texts.Get(key, language, args);
        string N(decimal value) => CertificatePage.FormatNumber(value, language);
        var plan = report.Plan;

        using var document = new PdfDocument();
        document.Info.Title = $"{T("activity-report.title")} {plan.DoctorId}";
        document.Info.Creator = "НМО";
        var pages = new Pages(document);
        var title = new XFont(EmbeddedFonts.Family, 18, XFontStyleEx.Bold);
        var heading = new XFont(EmbeddedFonts.Family, 12, XFontStyleEx.Bold);
        var text = new XFont(EmbeddedFonts.Family, 10, XFontStyleEx.Regular);
        var strong = new XFont(EmbeddedFonts.Family, 10, XFontStyleEx.Bold);
        var small = new XFont(EmbeddedFonts.Family, 8.5, XFontStyleEx.Regular);
        var width = pages.Width;

        pages.Write(T("activity-report.title"), title, Ink, 24, XStringFormats.TopCenter);
        pages.Write(T("activity-report.subtitle"), text, Muted, 26, XStringFormats.TopCenter);
        var doctor = report.DoctorName is { } name ? $"{name} ({plan.DoctorId})" : plan.DoctorId;
        foreach (var (label, value) in new[]
        {
            (T("activity-report.doctor"), doctor),
            (T("activity-report.cycle"), CertificatePage.FormatRange(plan.Cycle.Start, plan.Cycle.End, language)),
            (T("activity-report.generated"), CertificatePage.FormatDate(report.GeneratedOn, language)),
        })
        {
            pages.Row([(label, 170, text, Muted), (value, width - 170, strong, Ink)]);
        }

        pages.Space(10);
        pages.Write(T("activity-report.totals"), heading, Ink, 20);
        var columns = new[] { width - 270, 90.0, 90, 90 };
        pages.Row(Cells(columns, strong, Muted, T("activity-report.kind"), T("activity-report.earned"), T("activity-report.target"), T("activity-report.missing")));
        pages.Row(Cells(columns, text, Ink, T("activity-report.events"), N(plan.Totals.Events), N(plan.Targets.Events), N(plan.Missing.Events)));
        pages.Row(Cells(columns, text, Ink, T("activity-report.modules"), N(plan.Totals.Modules), N(plan.Targets.Modules), N(plan.Missing.Modules)));
        pages.Row(Cells(columns, strong, Ink, T("activity-report.total"), N(plan.Totals.Total), N(plan.Targets.Total), N(plan.Missing.Total)));
        pages.Write(T("activity-report.cycle-hours", N(plan.CycleHours)), small, Muted, 16);

        pages.Space(10);
        pages.Write(T("activity-report.entries", report.Entries.Count), heading, Ink, 20);
        if (report.Entries.Count == 0)
        {
            pages.Write(T("activity-report.none"), text, Ink, 16);
        }

        var number = 0;
        foreach (var (entry, link) in report.Entries.Select(e => (e.Entry, e.VerificationUrl)))
        {
            number++;
            var kind = entry.Kind == ActivityKinds.Module ? T("activity-report.module") : T("activity-report.event");
            var lines = new List<(string Text, XFont Font, XColor Color)>
            {
                ($"{number}. {entry.Title}", strong, Ink),
                ($"{kind} · {CertificatePage.FormatDate(entry.Date, language)} · {T("certificate.field.provider")}: {entry.Provider}", text, Ink),
                ($"{T("activity-report.hours")}: {N(entry.Credits)} · {T("activity-report.code")}: {(string.IsNullOrEmpty(entry.Code) ? "—" : entry.Code)}", text, Ink),
            };
            if (link is not null)
            {
                lines.Add(($"{T("activity-report.verify")}: {link}", small, Muted));
            }

            pages.Block(lines);
        }

        using var output = new MemoryStream();
        pages.Dispose();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static (string, double, XFont, XColor)[] Cells(double[] widths, XFont font, XColor color, params string[] values) =>
        [.. values.Select((v, i) => (v, widths[i], font, color))];

    /// <summary>The pages drawn so far and where the next line goes; a block that does not fit starts a new page.</summary>
    private sealed class Pages(PdfDocument document) : IDisposable
    {
        private XGraphics? gfx;
        private XTextFormatter? formatter;
        private double y;
        private double bottom;

        public double Width { get; } = PageSizeConverter.ToSize(PageSize.A4).Width - (2 * Margin);

        public void Space(double height) => y += height;

        public void Write(string value, XFont font, XColor color, double height, XStringFormat? format = null)
        {
            var (g, f) = Room(height);
            if (format is null)
            {
                var lines = CertificatePdfRenderer.LineCount(g, value, font, Width);
                (g, f) = Room(lines * Line);
                f.DrawString(value, font, new XSolidBrush(color), new XRect(Margin, y, Width, lines * Line), XStringFormats.TopLeft);
                y += Math.Max(height, lines * Line);
                return;
            }

            g.DrawString(value, font, new XSolidBrush(color), new XRect(Margin, y, Width, height), format);
            y += height;
        }

        /// <summary>Cells side by side, each wrapped within its width; the row is as tall as its tallest cell.</summary>
        public void Row(IReadOnlyList<(string Value, double Width, XFont Font, XColor Color)> cells)
        {
            var (g, _) = Room(Line);
            var height = cells.Max(c => CertificatePdfRenderer.LineCount(g, c.Value, c.Font, c.Width - 6)) * Line;
            var (_, f) = Room(height);
            var x = Margin;
            foreach (var (value, cellWidth, font, color) in cells)
            {
                f.DrawString(value, font, new XSolidBrush(color), new XRect(x, y, cellWidth - 6, height), XStringFormats.TopLeft);
                x += cellWidth;
            }

            y += height + 4;
        }

        /// <summary>Lines kept together on one page, so an entry is never split from its link.</summary>
        public void Block(IReadOnlyList<(string Text, XFont Font, XColor Color)> lines)
        {
            var (g, _) = Room(Line);
            var heights = lines.Select(l => CertificatePdfRenderer.LineCount(g, l.Text, l.Font, Width) * Line).ToList();
            var (_, f) = Room(heights.Sum() + 8);
            for (var i = 0; i < lines.Count; i++)
            {
                f.DrawString(lines[i].Text, lines[i].Font, new XSolidBrush(lines[i].Color), new XRect(Margin, y, Width, heights[i]), XStringFormats.TopLeft);
                y += heights[i];
            }

            y += 8;
        }

        public void Dispose() => gfx?.Dispose();

        private (XGraphics Graphics, XTextFormatter Formatter) Room(double height)
        {
            if (gfx is null || y + height > bottom)
            {
                gfx?.Dispose();
                var page = document.AddPage();
                page.Size = PageSize.A4;
                gfx = XGraphics.FromPdfPage(page);
                formatter = new XTextFormatter(gfx);
                y = Margin;
                bottom = page.Height.Point - Margin;
            }

            return (gfx, formatter!);
        }
    }
}
