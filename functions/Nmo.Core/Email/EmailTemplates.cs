using System.Globalization;
using Nmo.Core.Localization;

namespace Nmo.Core.Email;

/// <summary>
/// The certificate and credit-notice e-mails. Their wording lives in files under <c>Email/Templates/</c>
/// (<c>NAME.LANG.subject.txt</c>, <c>NAME.LANG.html</c>, <c>NAME.LANG.txt</c>), built into the assembly; a file of
/// the same name in the override directory (<c>Email:TemplatesDirectory</c>) wins, so the wording can change
/// without a release. The rendered content keeps per-recipient placeholders (<c>{{fullName}}</c>, <c>{{code}}</c>)
/// so one <see cref="EmailBatch"/> serves every attendee.
/// </summary>
public sealed class EmailTemplates
{
    public const string CertificateTemplate = "certificate";
    public const string CreditNoticeTemplate = "credit-notice";

    /// <summary>The notice that a credit was taken back (its attendee withdrawn by the provider).</summary>
    public const string CreditReversalTemplate = "credit-reversal";

    /// <summary>Where doctors write when a code does not activate (FAQ, "Не удается активировать ИКП").</summary>
    public const string SupportEmail = "info@sovetnmo.ru";

    private const string ResourcePrefix = "Nmo.Core.Email.Templates.";
    private static readonly string[] CertificateRecipientKeys = ["fullName", "code", "verifyUrl", "pdfUrl"];
    private static readonly string[] CreditNoticeRecipientKeys = ["fullName"];

    // Russia has kept Moscow time at a fixed UTC+3 since 2014; credit dates are shown as the portal shows them.
    private static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);

    public EmailTemplates(string? overrideDirectory = null)
    {
        OverrideDirectory = string.IsNullOrWhiteSpace(overrideDirectory) ? null : Path.GetFullPath(overrideDirectory);
    }

    public EmailTemplates(EmailOptions options)
        : this(options.TemplatesDirectory)
    {
    }

    public string? OverrideDirectory { get; }

    public EmailContent Certificate(CertificateModel model, Language language)
    {
        ArgumentNullException.ThrowIfNull(model);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["eventTitle"] = model.EventTitle,
            ["dates"] = FormatRange(model.StartDate, model.EndDate, language),
            ["startDate"] = FormatDate(model.StartDate, language),
            ["endDate"] = FormatDate(model.EndDate, language),
            ["place"] = model.Place,
            ["providerName"] = model.ProviderName,
            ["credits"] = FormatNumber(model.Credits, language),
            ["portalUrl"] = model.PortalUrl,
            ["supportEmail"] = SupportEmail,
        };
        var content = Render(CertificateTemplate, language, values, CertificateRecipientKeys);

        // A certificate without its code is useless to the doctor, so an edited template must keep it.
        if (!content.Text.Contains("{{code}}", StringComparison.Ordinal) ||
            !content.Html.Contains("{{code.html}}", StringComparison.Ordinal))
        {
            throw new EmailTemplateException(
                $"Templates '{CertificateTemplate}.{language.Code()}.txt' and '.html' must both contain {{{{code}}}}.");
        }

        return content;
    }

    /// <summary>
    /// The per-recipient values a certificate's placeholders need (plain and HTML-escaped); <paramref name="verifyUrl"/>
    /// is the certificate's own verification page and <paramref name="pdfUrl"/> the holder's PDF with the code, so
    /// they are per recipient too and the batch stays one request.
    /// </summary>
    public static IReadOnlyDictionary<string, string> CertificateValues(string fullName, string code, string verifyUrl, string pdfUrl) =>
        WithHtmlVariants(new Dictionary<string, string>(StringComparer.Ordinal) { ["fullName"] = fullName, ["code"] = code, ["verifyUrl"] = verifyUrl, ["pdfUrl"] = pdfUrl });

    public EmailContent CreditNotice(CreditNoticeModel model, Language language) =>
        Render(CreditNoticeTemplate, language, CreditValues(model, language), CreditNoticeRecipientKeys);

    /// <summary>A credit taken back: the same facts and totals as a notice, with the hours removed and the reason.</summary>
    public EmailContent CreditReversal(CreditNoticeModel model, Language language)
    {
        var values = CreditValues(model with { Credits = Math.Abs(model.Credits) }, language);
        values["reason"] = string.IsNullOrWhiteSpace(model.Reason) ? null : model.Reason;
        return Render(CreditReversalTemplate, language, values, CreditNoticeRecipientKeys);
    }

    private static Dictionary<string, string?> CreditValues(CreditNoticeModel model, Language language)
    {
        ArgumentNullException.ThrowIfNull(model);
        var isEvent = string.Equals(model.Kind, "event", StringComparison.OrdinalIgnoreCase);
        var isModule = string.Equals(model.Kind, "module", StringComparison.OrdinalIgnoreCase);
        if (!isEvent && !isModule)
        {
            throw new ArgumentException($"Kind must be \"event\" or \"module\", not \"{model.Kind}\".", nameof(model));
        }

        var missingEvents = Math.Max(0, model.TargetEvents - model.TotalEvents);
        var missingModules = Math.Max(0, model.TargetModules - model.TotalModules);
        var missingTotal = Math.Max(0, model.TargetTotal - model.Total);
        var reached = missingEvents == 0 && missingModules == 0 && missingTotal == 0;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["activityTitle"] = model.ActivityTitle,
            ["kind"] = isEvent ? "event" : "module",
            ["isEvent"] = Flag(isEvent),
            ["isModule"] = Flag(isModule),
            ["providerName"] = model.ProviderName,
            ["credits"] = FormatNumber(model.Credits, language),
            ["creditedDate"] = FormatDate(DateOnly.FromDateTime(model.CreditedAt.ToOffset(MoscowOffset).DateTime), language),
            ["code"] = string.IsNullOrWhiteSpace(model.Code) ? null : model.Code,
            ["totalEvents"] = FormatNumber(model.TotalEvents, language),
            ["totalModules"] = FormatNumber(model.TotalModules, language),
            ["total"] = FormatNumber(model.Total, language),
            ["targetEvents"] = FormatNumber(model.TargetEvents, language),
            ["targetModules"] = FormatNumber(model.TargetModules, language),
            ["targetTotal"] = FormatNumber(model.TargetTotal, language),
            ["missingEvents"] = FormatNumber(missingEvents, language),
            ["missingModules"] = FormatNumber(missingModules, language),
            ["missingTotal"] = FormatNumber(missingTotal, language),
            ["targetReached"] = Flag(reached),
            ["targetNotReached"] = Flag(!reached),
            ["cycleStart"] = FormatDate(model.CycleStart, language),
            ["cycleEnd"] = FormatDate(model.CycleEnd, language),
            ["cycle"] = FormatRange(model.CycleStart, model.CycleEnd, language),
            ["portalUrl"] = string.IsNullOrWhiteSpace(model.PortalUrl) ? null : model.PortalUrl,

            // The name itself stays a per-recipient value; whether there is one decides the greeting's wording.
            ["hasName"] = Flag(!string.IsNullOrWhiteSpace(model.DoctorName)),
            ["noName"] = Flag(string.IsNullOrWhiteSpace(model.DoctorName)),
        };
        return values;
    }

    /// <summary>The per-recipient values a credit notice's placeholders need (plain and HTML-escaped); no name, an empty one.</summary>
    public static IReadOnlyDictionary<string, string> CreditNoticeValues(string? doctorName) =>
        WithHtmlVariants(new Dictionary<string, string>(StringComparer.Ordinal) { ["fullName"] = doctorName ?? string.Empty });

    /// <summary>What the mail service does per recipient: puts each value in place of its <c>{{name}}</c>.</summary>
    public static EmailContent Fill(EmailContent content, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(values);
        return new EmailContent(
            TemplateRenderer.SingleLine(TemplateRenderer.Fill(content.Subject, values)),
            TemplateRenderer.Fill(content.Html, values),
            TemplateRenderer.Fill(content.Text, values));
    }

    /// <summary>
    /// Renders every template in every language with sample data, so a broken override file is reported at start-up
    /// rather than when the first certificate goes out.
    /// </summary>
    public void Validate()
    {
        foreach (var language in Enum.GetValues<Language>())
        {
            Certificate(new CertificateModel("Sample", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 2), "Place", "Provider", 6, "https://example.org"), language);
            CreditNotice(new CreditNoticeModel("Sample", "event", "Provider", 6, DateTimeOffset.UnixEpoch, "ABCD-********", 6, 0, 6, 16, 20, 36, new DateOnly(2025, 1, 1), new DateOnly(2029, 12, 31), "https://example.org"), language);
            CreditNotice(new CreditNoticeModel("Sample", "module", "Provider", 2, DateTimeOffset.UnixEpoch, null, 16, 20, 36, 16, 20, 36, new DateOnly(2025, 1, 1), new DateOnly(2029, 12, 31)), language);
            CreditReversal(new CreditNoticeModel("Sample", "event", "Provider", -6, DateTimeOffset.UnixEpoch, "ABCD-********", 0, 0, 0, 16, 20, 36, new DateOnly(2025, 1, 1), new DateOnly(2029, 12, 31), Reason: "Reason"), language);
        }
    }

    private EmailContent Render(string name, Language language, IReadOnlyDictionary<string, string?> values, IReadOnlyCollection<string> recipientKeys)
    {
        var prefix = $"{name}.{language.Code()}";
        var subjectFile = $"{prefix}.subject.txt";
        var htmlFile = $"{prefix}.html";
        var textFile = $"{prefix}.txt";
        return new EmailContent(
            TemplateRenderer.SingleLine(TemplateRenderer.Render(Load(subjectFile), subjectFile, html: false, values, recipientKeys)),
            TemplateRenderer.Render(Load(htmlFile), htmlFile, html: true, values, recipientKeys),
            TemplateRenderer.Render(Load(textFile), textFile, html: false, values, recipientKeys));
    }

    private string Load(string fileName)
    {
        if (OverrideDirectory is not null)
        {
            // Read on every render so an edited file takes effect without a restart; the files are tiny.
            var path = Path.Combine(OverrideDirectory, fileName);
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        using var stream = typeof(EmailTemplates).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new EmailTemplateException($"Built-in template '{fileName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyDictionary<string, string> WithHtmlVariants(Dictionary<string, string> values)
    {
        foreach (var (key, value) in values.ToList())
        {
            values[key + TemplateRenderer.HtmlSuffix] = TemplateRenderer.EscapeHtml(value);
        }

        return values;
    }

    private static string? Flag(bool value) => value ? "yes" : null;

    private static string FormatDate(DateOnly date, Language language) =>
        language == Language.En
            ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string FormatRange(DateOnly start, DateOnly end, Language language) =>
        start == end ? FormatDate(start, language) : $"{FormatDate(start, language)} – {FormatDate(end, language)}";

    private static string FormatNumber(decimal value, Language language)
    {
        var text = value.ToString("0.##", CultureInfo.InvariantCulture);
        return language == Language.En ? text : text.Replace('.', ',');
    }
}
