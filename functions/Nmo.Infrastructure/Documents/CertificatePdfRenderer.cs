using Nmo.Core.Certificates;
using Nmo.Core.Localization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using QRCoder;

namespace Nmo.Infrastructure.Documents;

/// <summary>
/// The certificate (Свидетельство НМО) as an A4 page: the established fields, the code and how to activate it,
/// and a QR code of the verification page. Drawn from stored data on every request, so a revoked certificate's
/// PDF says it is revoked.
/// </summary>
public sealed class CertificatePdfRenderer : ICertificatePdfRenderer
{
    private const double Margin = 50;
    private static readonly XColor Ink = XColor.FromArgb(0x1f, 0x29, 0x33);
    private static readonly XColor Muted = XColor.FromArgb(0x52, 0x60, 0x6d);
    private static readonly XColor Alarm = XColor.FromArgb(0xc5, 0x22, 0x1f);

    public CertificatePdfRenderer() => EmbeddedFonts.Install();

    public byte[] Render(CertificateView certificate, PrintedCode? code, Language language)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        string T(string key, params object?[] args) => Texts.Get(key, language, args);

        using var document = new PdfDocument();
        document.Info.Title = $"{T("certificate.pdf.title")} {certificate.CertificateId}";
        document.Info.Creator = "НМО";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point - (2 * Margin);
            var y = Margin;
            var title = new XFont(EmbeddedFonts.Family, 22, XFontStyleEx.Bold);
            var heading = new XFont(EmbeddedFonts.Family, 12, XFontStyleEx.Bold);
            var text = new XFont(EmbeddedFonts.Family, 10.5, XFontStyleEx.Regular);
            var strong = new XFont(EmbeddedFonts.Family, 10.5, XFontStyleEx.Bold);
            var codeFont = new XFont(EmbeddedFonts.Family, 18, XFontStyleEx.Bold);
            var formatter = new XTextFormatter(gfx);

            gfx.DrawString(T("certificate.pdf.title"), title, new XSolidBrush(Ink), new XRect(Margin, y, width, 28), XStringFormats.TopCenter);
            y += 30;
            gfx.DrawString(T("certificate.pdf.subtitle"), text, new XSolidBrush(Muted), new XRect(Margin, y, width, 16), XStringFormats.TopCenter);
            y += 28;

            if (certificate.State == CertificateState.Revoked)
            {
                var banner = new XRect(Margin, y, width, certificate.ReplacedByUrl is null ? 44 : 62);
                gfx.DrawRectangle(new XPen(Alarm, 2), banner);
                gfx.DrawString(T("certificate.pdf.revoked"), heading, new XSolidBrush(Alarm), new XRect(Margin + 10, y + 8, width - 20, 16), XStringFormats.TopLeft);
                gfx.DrawString(T("certificate.page.state.revoked"), text, new XSolidBrush(Alarm), new XRect(Margin + 10, y + 26, width - 20, 14), XStringFormats.TopLeft);
                if (certificate.ReplacedByUrl is not null)
                {
                    gfx.DrawString($"{T("certificate.page.replaced")} {certificate.ReplacedByUrl}", text, new XSolidBrush(Alarm), new XRect(Margin + 10, y + 42, width - 20, 14), XStringFormats.TopLeft);
                }

                y += banner.Height + 16;
            }

            var fields = new (string Label, string Value)[]
            {
                (T("certificate.field.holder"), certificate.HolderName),
                (T("certificate.field.event"), certificate.Event.Title),
                (T("certificate.field.dates"), CertificatePage.FormatRange(certificate.Event.StartDate, certificate.Event.EndDate, language)),
                (T("certificate.field.place"), certificate.Event.Place),
                (T("certificate.field.provider"), certificate.Event.Provider),
                (T("certificate.field.credits"), CertificatePage.FormatNumber(certificate.Event.Credits, language)),
                (T("certificate.field.issued"), CertificatePage.FormatDate(certificate.IssuedOn, language)),
                (T("certificate.field.number"), certificate.CertificateId),
            };
            var labelWidth = 170.0;
            foreach (var (label, value) in fields)
            {
                var lines = Math.Max(LineCount(gfx, label, text, labelWidth - 10), LineCount(gfx, value, strong, width - labelWidth));
                var height = lines * 14.0;
                formatter.DrawString(label, text, new XSolidBrush(Muted), new XRect(Margin, y, labelWidth - 10, height), XStringFormats.TopLeft);
                formatter.DrawString(value, strong, new XSolidBrush(Ink), new XRect(Margin + labelWidth, y, width - labelWidth, height), XStringFormats.TopLeft);
                y += height + 6;
            }

            y += 8;
            gfx.DrawString(T("certificate.pdf.code"), heading, new XSolidBrush(Ink), new XRect(Margin, y, width, 16), XStringFormats.TopLeft);
            y += 20;
            gfx.DrawString(code?.Text ?? T("certificate.pdf.code-revoked"), code is null ? strong : codeFont, new XSolidBrush(code is null ? Alarm : Ink),
                new XRect(Margin, y, width, 24), XStringFormats.TopLeft);
            y += 34;
            if (code is { Masked: true })
            {
                gfx.DrawString(T("certificate.pdf.code-masked"), text, new XSolidBrush(Muted), new XRect(Margin, y - 6, width, 14), XStringFormats.TopLeft);
                y += 14;
            }

            gfx.DrawString(T("certificate.pdf.steps"), heading, new XSolidBrush(Ink), new XRect(Margin, y, width, 16), XStringFormats.TopLeft);
            y += 20;
            foreach (var step in new[] { T("certificate.pdf.step1"), T("certificate.pdf.step2"), T("certificate.pdf.step3") })
            {
                var height = LineCount(gfx, step, text, width) * 14.0;
                formatter.DrawString(step, text, new XSolidBrush(Ink), new XRect(Margin, y, width, height), XStringFormats.TopLeft);
                y += height + 4;
            }

            y += 14;
            DrawQr(gfx, certificate.Links.Verification, Margin, y, 120);
            var verifyText = new XRect(Margin + 136, y, width - 136, 120);
            formatter.DrawString($"{T("certificate.pdf.verify")}\n{certificate.Links.Verification}", text, new XSolidBrush(Ink), verifyText, XStringFormats.TopLeft);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// The lines <see cref="XTextFormatter"/> will need, wrapping at spaces as it does: it draws nothing past its
    /// rectangle, so a rectangle one line short would silently cut the end of a field off.
    /// </summary>
    internal static int LineCount(XGraphics gfx, string value, XFont font, double width)
    {
        var lines = 1;
        var line = string.Empty;
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > width)
            {
                lines++;
                line = word;
            }
            else
            {
                line = candidate;
            }

            // A single word wider than the column is broken by the formatter too.
            lines += (int)(gfx.MeasureString(line, font).Width / width);
            if (gfx.MeasureString(line, font).Width > width)
            {
                line = string.Empty;
            }
        }

        return lines;
    }

    /// <summary>One pixel per module, drawn without smoothing: sharp at any zoom, and readable back by a scanner.</summary>
    private static void DrawQr(XGraphics gfx, string payload, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(1, [0, 0, 0, 255], [255, 255, 255, 255]);
        using var stream = new MemoryStream(png);
        using var image = XImage.FromStream(stream);
        image.Interpolate = false;
        gfx.DrawImage(image, x, y, size, size);
    }
}
