using Nmo.Core.Certificates;
using Nmo.Core.Localization;
using Nmo.Infrastructure.Documents;
using Nmo.Testing.Documents;

namespace Nmo.Infrastructure.Tests.Documents;

/// <summary>The certificate PDF read back with PdfPig and its QR code decoded with ZXing: what a person and a scanner find.</summary>
public sealed class CertificatePdfRendererTests
{
    private const string Id = "q3Zf0Xx7kB2mYw9Lr4TnVw";
    private const string Url = "https://nmo.example/api/certificates/" + Id;

    private static CertificateView View(string state = CertificateState.Issued, string? replacedBy = null) => new(
        Id, true, state, null, replacedBy, replacedBy is null ? null : "https://nmo.example/api/certificates/" + replacedBy,
        "Иванова Анна Сергеевна", new DateOnly(2026, 11, 21),
        new CertificateEventView("cardio-2026", "Школа кардиолога: новые рекомендации", "event", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21),
            "Москва, Крокус Экспо", "Российское кардиологическое общество", 6m),
        new CertificateLinks(Url, Url + "/pdf"));

    [Fact]
    public void An_issued_certificate_is_one_A4_page_with_every_field_the_code_the_steps_and_a_QR_code_of_its_page()
    {
        var pdf = PdfReading.Of(new CertificatePdfRenderer().Render(View(), new PrintedCode("AB3C-7K9M2X4P", Masked: false), Language.Ru));

        Assert.Equal(1, pdf.Pages);
        Assert.Equal(595, pdf.Width, 0);
        Assert.Equal(842, pdf.Height, 0);
        foreach (var field in new[]
        {
            "СВИДЕТЕЛЬСТВО НМО", "Иванова Анна Сергеевна", "Школа кардиолога: новые рекомендации", "20.11.2026 – 21.11.2026",
            "Москва, Крокус Экспо", "Российское кардиологическое общество", "Кредиты (академические часы)", "6", "AB3C-7K9M2X4P", Id,
            "Дата выдачи", "21.11.2026", "План обучения", "цифру ноль (0)", Url,
        })
        {
            Assert.True(pdf.Shows(field), $"'{field}' missing from:\n{pdf.Text}");
        }

        Assert.DoesNotContain("ОТОЗВАНО", pdf.Text);
        Assert.Equal([Url], pdf.QrPayloads);
        Assert.All(pdf.Fonts, f => Assert.Matches("^[A-Z]{6}\\+DejaVu( |#20)Sans", f));
    }

    [Fact]
    public void A_revoked_certificate_says_so_names_its_replacement_and_carries_no_code()
    {
        var pdf = PdfReading.Of(new CertificatePdfRenderer().Render(View(CertificateState.Revoked, "nEwC3rt1f1cate00000000"), null, Language.Ru));

        Assert.True(pdf.Shows("ОТОЗВАНО"));
        Assert.True(pdf.Shows("Свидетельство отозвано и недействительно."));
        Assert.True(pdf.Shows("https://nmo.example/api/certificates/nEwC3rt1f1cate00000000"));
        Assert.True(pdf.Shows("Код отозван и не может быть активирован."));
        Assert.Equal([Url], pdf.QrPayloads);
    }

    [Fact]
    public void A_masked_code_says_where_the_full_one_is()
    {
        var pdf = PdfReading.Of(new CertificatePdfRenderer().Render(View(), new PrintedCode("****-****2X4P", Masked: true), Language.Ru));

        Assert.True(pdf.Shows("****-****2X4P"));
        Assert.True(pdf.Shows("Полный код — в письме со свидетельством"), pdf.Text);
        Assert.DoesNotContain("ОТОЗВАНО", pdf.Text);
    }

    [Fact]
    public void In_English_the_labels_are_English_and_the_names_stay_as_printed()
    {
        var pdf = PdfReading.Of(new CertificatePdfRenderer().Render(View(), new PrintedCode("AB3C-7K9M2X4P", Masked: false), Language.En));

        Assert.True(pdf.Shows("CME CERTIFICATE"));
        Assert.True(pdf.Shows("20 November 2026 – 21 November 2026"));
        Assert.True(pdf.Shows("Иванова Анна Сергеевна"));
        Assert.True(pdf.Shows("How to activate the code"));
    }
}
