using Nmo.Core.Email;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Email;

public sealed class EmailTemplatesTests
{
    private const string Code = "AB3C-7K9M2X4P";
    private const string VerifyUrl = "https://nmo.example/api/certificates/q3Zf0Xx7kB2mYw9Lr4TnVa";
    private const string PdfUrl = VerifyUrl + "/pdf?key=hK3y0000000000000000Aw";

    private static readonly CertificateModel Event = new(
        "Кардиология 2025: новые рекомендации",
        new DateOnly(2025, 3, 12),
        new DateOnly(2025, 3, 14),
        "Москва, Крокус Экспо",
        "Российское кардиологическое общество",
        6m,
        "https://portal.example/lk");

    private readonly EmailTemplates templates = new();

    [Theory]
    [InlineData(Language.Ru, "12.03.2025", "14.03.2025", "План обучения", "Личный кабинет", "ноль (0)", "6")]
    [InlineData(Language.En, "12 March 2025", "14 March 2025", "Education plan", "personal account", "zero (0)", "6")]
    public void Certificate_tells_the_doctor_everything_needed_to_activate_the_code(
        Language language, string start, string end, string section, string account, string zero, string credits)
    {
        var content = EmailTemplates.Fill(
            templates.Certificate(Event, language),
            EmailTemplates.CertificateValues("Иванова Анна Сергеевна", Code, VerifyUrl, PdfUrl));

        foreach (var part in new[] { content.Text, content.Html })
        {
            Assert.Contains(Event.EventTitle, part);
            Assert.Contains(start, part);
            Assert.Contains(end, part);
            Assert.Contains(Event.Place, part);
            Assert.Contains(Event.ProviderName, part);
            Assert.Contains(credits, part);
            Assert.Contains(Code, part);
            Assert.Contains("Иванова Анна Сергеевна", part);
            Assert.Contains(Event.PortalUrl, part);
            Assert.Contains(VerifyUrl, part);
            Assert.Contains(PdfUrl, part);
            Assert.Contains(section, part);
            Assert.Contains(account, part);
            Assert.Contains(zero, part);
            Assert.Contains("info@sovetnmo.ru", part);
            Assert.DoesNotContain("{{", part);
        }

        Assert.Contains(Event.EventTitle, content.Subject);
        Assert.DoesNotContain("\n", content.Subject);
    }

    [Theory]
    [InlineData(Language.Ru, new[] { "Название мероприятия: ", "Дата проведения: ", "Место проведения: ", "ИКП, который необходимо активировать: " })]
    [InlineData(Language.En, new[] { "Event name: ", "Date: ", "Place: ", "The code (ИКП) to activate: " })]
    public void Certificate_lists_the_four_items_support_needs_next_to_the_support_address(Language language, string[] labels)
    {
        var text = EmailTemplates.Fill(templates.Certificate(Event, language), EmailTemplates.CertificateValues("Анна", Code, VerifyUrl, PdfUrl)).Text;

        var support = text.IndexOf("info@sovetnmo.ru", StringComparison.Ordinal);
        Assert.True(support >= 0);
        var after = text[support..];
        var expected = new[] { Event.EventTitle, language == Language.Ru ? "12.03.2025 – 14.03.2025" : "12 March 2025 – 14 March 2025", Event.Place, Code };
        var position = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var line = $"{i + 1}. {labels[i]}{expected[i]}";
            var found = after.IndexOf(line, position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{line}' missing after the support address in:\n{after}");
            position = found;
        }
    }

    [Fact]
    public void Certificate_keeps_recipient_values_as_placeholders_so_one_batch_serves_everyone()
    {
        var content = templates.Certificate(Event, Language.Ru);

        Assert.Contains("{{code}}", content.Text);
        Assert.Contains("{{fullName}}", content.Text);
        Assert.Contains("{{code.html}}", content.Html);
        Assert.Contains("{{fullName.html}}", content.Html);
        Assert.DoesNotContain("{{fullName}}", content.Html);
        Assert.DoesNotContain("{{eventTitle}}", content.Text);
    }

    [Fact]
    public void Fractional_credits_use_the_languages_decimal_separator()
    {
        var model = Event with { Credits = 1.5m };

        Assert.Contains("Кредиты (академические часы): 1,5", templates.Certificate(model, Language.Ru).Text);
        Assert.Contains("Credits (academic hours): 1.5", templates.Certificate(model, Language.En).Text);
    }

    [Fact]
    public void One_day_event_shows_a_single_date()
    {
        var text = templates.Certificate(Event with { EndDate = Event.StartDate }, Language.Ru).Text;

        Assert.Contains("Даты проведения: 12.03.2025\n", text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Hostile_title_is_escaped_in_html_and_cannot_inject_a_placeholder()
    {
        var hostile = Event with { EventTitle = "<script>alert(1)</script> & \"{{code}}\"", Place = "<b>Зал</b>" };

        var content = EmailTemplates.Fill(templates.Certificate(hostile, Language.Ru), EmailTemplates.CertificateValues("<i>Анна</i>", Code, VerifyUrl, PdfUrl));

        Assert.DoesNotContain("<script>", content.Html);
        Assert.DoesNotContain("<b>Зал</b>", content.Html);
        Assert.DoesNotContain("<i>Анна</i>", content.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;", content.Html);
        Assert.Contains("&lt;i&gt;Анна&lt;/i&gt;", content.Html);
        Assert.Contains("<script>alert(1)</script>", content.Text);

        // The title's "{{code}}" must stay literal text, so only the real code lines carry the code.
        var codeLines = content.Text.Split('\n').Count(l => l.Contains(Code, StringComparison.Ordinal));
        Assert.Equal(3, codeLines);
        Assert.Equal(codeLines, templates.Certificate(Event, Language.Ru).Text.Split('\n').Count(l => l.Contains("{{code}}", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(Language.Ru, "20.05.2025", "8 из 16 ч.", "2 из 20 ч.", "10 из 36 ч.", "Сохраните это письмо", "Учебное мероприятие")]
    [InlineData(Language.En, "20 May 2025", "8 of 16 hours", "2 of 20 hours", "10 of 36 hours", "keep this message", "Educational event")]
    public void Credit_notice_shows_what_was_credited_and_the_cycle_totals_against_targets(
        Language language, string date, string events, string modules, string total, string keep, string kind)
    {
        var model = new CreditNoticeModel(
            "Школа аритмологии", "event", "РКО", 4m, new DateTimeOffset(2025, 5, 20, 10, 0, 0, TimeSpan.Zero), "AB3C-********",
            8m, 2m, 10m, 16m, 20m, 36m, new DateOnly(2024, 1, 1), new DateOnly(2028, 12, 31), "https://portal.example/lk", DoctorName: "Петров Пётр");

        var content = EmailTemplates.Fill(templates.CreditNotice(model, language), EmailTemplates.CreditNoticeValues("Петров Пётр"));

        foreach (var part in new[] { content.Text, content.Html })
        {
            Assert.Contains("Школа аритмологии", part);
            Assert.Contains("РКО", part);
            Assert.Contains(kind, part);
            Assert.Contains(date, part);
            Assert.Contains(events, part);
            Assert.Contains(modules, part);
            Assert.Contains(total, part);
            Assert.Contains("AB3C-********", part);
            Assert.Contains("Петров Пётр", part);
            Assert.Contains(keep, part);
            Assert.Contains("https://portal.example/lk", part);
            Assert.DoesNotContain("{{", part);
        }

        Assert.Contains(language == Language.Ru ? "всего — 26 ч." : "total 26 h", content.Text);
        Assert.Contains("Школа аритмологии", content.Subject);
    }

    [Fact]
    public void Credit_notice_for_a_module_has_no_code_line_and_celebrates_a_reached_target()
    {
        var model = new CreditNoticeModel(
            "Модуль: ЭКГ", "module", "РКО", 2m, DateTimeOffset.UnixEpoch, null,
            16m, 20m, 36m, 16m, 20m, 36m, new DateOnly(2024, 1, 1), new DateOnly(2028, 12, 31));

        var text = templates.CreditNotice(model, Language.Ru).Text;

        Assert.Contains("Электронный учебный модуль: Модуль: ЭКГ", text);
        Assert.DoesNotContain("Учебное мероприятие", text);
        Assert.DoesNotContain("ИКП", text);
        Assert.DoesNotContain("Осталось набрать", text);
        Assert.Contains("Цель цикла по кредитам достигнута", text);
    }

    [Fact]
    public void Credit_date_is_the_moscow_calendar_day()
    {
        var lateUtc = new DateTimeOffset(2025, 5, 20, 22, 30, 0, TimeSpan.Zero);
        var model = new CreditNoticeModel("X", "event", "P", 1, lateUtc, null, 1, 0, 1, 16, 20, 36, new DateOnly(2024, 1, 1), new DateOnly(2028, 12, 31));

        Assert.Contains("Дата зачисления: 21.05.2025", templates.CreditNotice(model, Language.Ru).Text);
    }

    [Fact]
    public void Unknown_kind_is_refused()
    {
        var model = new CreditNoticeModel("X", "webinar", "P", 1, DateTimeOffset.UnixEpoch, null, 1, 0, 1, 16, 20, 36, new DateOnly(2024, 1, 1), new DateOnly(2028, 12, 31));

        Assert.Throws<ArgumentException>(() => templates.CreditNotice(model, Language.Ru));
    }

    [Fact]
    public void Files_in_the_override_directory_win_and_the_rest_stay_built_in()
    {
        var dir = Directory.CreateTempSubdirectory("nmo-templates-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "certificate.ru.subject.txt"), "Ваш код к «{{eventTitle}}»\n");
            File.WriteAllText(Path.Combine(dir.FullName, "certificate.ru.txt"), "{{ fullName }}, код: {{code}} ({{#place}}{{place}}{{/place}})");
            var overridden = new EmailTemplates(new EmailOptions { TemplatesDirectory = dir.FullName });

            var content = EmailTemplates.Fill(overridden.Certificate(Event, Language.Ru), EmailTemplates.CertificateValues("Анна", Code, VerifyUrl, PdfUrl));

            Assert.Equal($"Ваш код к «{Event.EventTitle}»", content.Subject);
            Assert.Equal($"Анна, код: {Code} ({Event.Place})", content.Text);
            Assert.Contains("План обучения", content.Html);
            Assert.Equal(templates.Certificate(Event, Language.En), overridden.Certificate(Event, Language.En));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Здравствуйте, {{fulName}}! {{code}}", "{{fulName}}")]
    [InlineData("{{#place}}без конца {{code}}", "{{#place}}")]
    [InlineData("Код потерян", "{{code}}")]
    public void Broken_override_is_reported_with_the_file_and_the_culprit(string text, string culprit)
    {
        var dir = Directory.CreateTempSubdirectory("nmo-templates-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "certificate.ru.txt"), text);
            var broken = new EmailTemplates(dir.FullName);

            var error = Assert.Throws<EmailTemplateException>(() => broken.Validate());

            Assert.Contains("certificate.ru", error.Message);
            Assert.Contains(culprit, error.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Built_in_templates_validate()
    {
        templates.Validate();
    }

    [Fact]
    public void Fill_replaces_known_placeholders_once_and_leaves_unknown_ones()
    {
        var content = new EmailContent("Тема {{a}}", "<p>{{a.html}} {{b}}</p>", "{{a}} {{c}}");

        var filled = EmailTemplates.Fill(content, new Dictionary<string, string> { ["a"] = "{{c}}", ["a.html"] = "&lt;x&gt;", ["c"] = "C" });

        Assert.Equal("Тема {{c}}", filled.Subject);
        Assert.Equal("<p>&lt;x&gt; {{b}}</p>", filled.Html);
        Assert.Equal("{{c}} C", filled.Text);
    }
}
