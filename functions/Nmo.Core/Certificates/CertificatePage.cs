using System.Globalization;
using System.Net;
using System.Text;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Certificates;

/// <summary>The verification page a person sees: one self-contained HTML document, every value HTML-escaped.</summary>
public static class CertificatePage
{
    private const string Style =
        "body{margin:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933}" +
        "main{max-width:680px;margin:0 auto;padding:24px;background:#fff}" +
        "table{border-collapse:collapse;width:100%}td{padding:6px;vertical-align:top}td:first-child{color:#52606d;width:40%}" +
        ".state{padding:12px;border-radius:4px;margin:16px 0}.ok{background:#e3f9e5}.revoked{background:#ffe3e3}" +
        "a.button{display:inline-block;margin:16px 16px 0 0;padding:10px 16px;background:#2f6fde;color:#fff;text-decoration:none;border-radius:4px}";

    public static string Render(CertificateView view, Language language)
    {
        ArgumentNullException.ThrowIfNull(view);
        var t = (string key, object?[] args) => E(Texts.Get(key, language, args));
        var body = new StringBuilder();
        body.Append("<h1>").Append(t("certificate.page.heading", [])).Append("</h1>");
        body.Append("<p><strong>").Append(t("certificate.page.genuine", [view.Event.Provider])).Append("</strong></p>");
        var revoked = view.State == CertificateState.Revoked;
        body.Append("<div class=\"state ").Append(revoked ? "revoked" : "ok").Append("\" id=\"state\" data-state=\"").Append(E(view.State)).Append("\">");
        body.Append(view.State switch
        {
            CertificateState.Activated => t("certificate.page.state.activated", [view.ActivatedOn is { } on ? FormatDate(on, language) : string.Empty]),
            CertificateState.Revoked => t("certificate.page.state.revoked", []),
            _ => t("certificate.page.state.issued", []),
        });
        if (view.ReplacedByUrl is not null)
        {
            body.Append("<br>").Append(t("certificate.page.replaced", [])).Append(" <a id=\"replacement\" href=\"").Append(E(view.ReplacedByUrl)).Append("\">")
                .Append(E(view.ReplacedByUrl)).Append("</a>");
        }

        body.Append("</div><table>");
        Row(body, t("certificate.field.holder", []), view.HolderName);
        Row(body, t("certificate.field.event", []), view.Event.Title);
        Row(body, t("certificate.field.dates", []), FormatRange(view.Event.StartDate, view.Event.EndDate, language));
        Row(body, t("certificate.field.place", []), view.Event.Place);
        Row(body, t("certificate.field.provider", []), view.Event.Provider);
        Row(body, t("certificate.field.credits", []), FormatNumber(view.Event.Credits, language));
        Row(body, t("certificate.field.issued", []), FormatDate(view.IssuedOn, language));
        Row(body, t("certificate.field.number", []), view.CertificateId);
        body.Append("</table>");
        body.Append("<a class=\"button\" id=\"pdf\" href=\"").Append(E(view.Links.Pdf)).Append("\">").Append(t("certificate.page.pdf", [])).Append("</a>");
        return Document(Texts.Get("certificate.page.title", language), body.ToString(), language);
    }

    /// <summary>A refusal (unknown id, too many look-ups) as a page, for a person who followed a broken link.</summary>
    public static string Render(Problem problem, Language language)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Document(problem.Title, $"<h1>{E(problem.Title)}</h1><p>{E(problem.Detail)}</p>", language);
    }

    public static string FormatDate(DateOnly date, Language language) =>
        language == Language.En
            ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    public static string FormatRange(DateOnly start, DateOnly end, Language language) =>
        start == end ? FormatDate(start, language) : $"{FormatDate(start, language)} – {FormatDate(end, language)}";

    public static string FormatNumber(decimal value, Language language)
    {
        var text = value.ToString("0.##", CultureInfo.InvariantCulture);
        return language == Language.En ? text : text.Replace('.', ',');
    }

    private static void Row(StringBuilder body, string label, string value) =>
        body.Append("<tr><td>").Append(label).Append("</td><td>").Append(E(value)).Append("</td></tr>");

    private static string Document(string title, string body, Language language) =>
        $"<!DOCTYPE html><html lang=\"{language.Code()}\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">" +
        $"<title>{E(title)}</title><style>{Style}</style></head><body><main>{body}</main></body></html>";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
