using System.Net;
using System.Net.Http.Json;
using Nmo.Functions.Tests.Activations;
using Nmo.Testing;
using Nmo.Testing.Documents;

namespace Nmo.Functions.Tests.Plan;

/// <summary>
/// GET /api/doctors/{doctorId}/credits.pdf, the report of educational activity, read back with PdfPig and compared
/// with the JSON report of the same doctor: one computation, two forms.
/// </summary>
public sealed class ActivityReportPdfTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_report_shows_the_cycle_every_credit_with_its_masked_code_and_certificate_link_and_the_totals()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("report");
        var code = (await world.IssueCodesAsync(eventId, "report@clinic.example"))["report@clinic.example"];
        var link = Assert.Single(world.Certificates(eventId)).Values["verifyUrl"];
        var moduleId = eventId + "-ecg";
        Assert.Equal(HttpStatusCode.Created, (await world.PutActivityAsync(moduleId, "module", 4, "Основы ЭКГ")).StatusCode);
        var doctor = eventId + "-doc";
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code, email: "report@clinic.example", name: "Антонов Андрей Викторович")).StatusCode);
        var completion = await world.Provider.PostAsJsonAsync($"api/modules/{moduleId}/completions", new { doctorId = doctor, email = "report@clinic.example", completedAt = "2026-11-21T10:00:00Z" });
        Assert.Equal(HttpStatusCode.Created, completion.StatusCode);
        var json = await world.ReportAsync(doctor);

        using var response = await world.Host.Http.GetAsync($"api/doctors/{doctor}/credits.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var pdf = PdfReading.Of(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal((595, 842), ((int)Math.Round(pdf.Width), (int)Math.Round(pdf.Height)));
        Assert.True(pdf.Shows("ОТЧЁТ ОБ ОБРАЗОВАТЕЛЬНОЙ АКТИВНОСТИ"));
        Assert.True(pdf.Shows("Антонов Андрей Викторович"));
        Assert.True(pdf.Shows(Ru(json["cycle"]!["start"]!) + " – " + Ru(json["cycle"]!["end"]!)), "the cycle");
        Assert.True(pdf.Shows("Школа кардиолога"));
        Assert.True(pdf.Shows("Основы ЭКГ"));
        Assert.True(pdf.Shows("Провайдер (организатор): Общество кардиологов"));
        Assert.True(pdf.Shows("21.11.2026"));
        Assert.True(pdf.Shows("Часы: 6 · ИКП: ****-****" + code[^4..]), "the event's hours and masked code");
        Assert.True(pdf.Shows("Часы: 4 · ИКП: —"), "the module has no code");
        Assert.False(pdf.Shows(code), "the full code is printed");
        Assert.False(pdf.Shows(code.Replace("-", string.Empty, StringComparison.Ordinal)), "the full code is printed");
        Assert.True(pdf.Shows("Проверка свидетельства: " + link), "the certificate's verification link");
        // The totals row against the targets, as GET .../credits computes them: earned, target, missing.
        Assert.True(pdf.Shows($"Образовательные мероприятия {N(json["totals"]!["events"]!)} {N(json["targets"]!["events"]!)} {N(json["missing"]!["events"]!)}"), "events row");
        Assert.True(pdf.Shows($"Электронные модули {N(json["totals"]!["modules"]!)} {N(json["targets"]!["modules"]!)} {N(json["missing"]!["modules"]!)}"), "modules row");
        Assert.True(pdf.Shows($"Всего {N(json["totals"]!["total"]!)} {N(json["targets"]!["total"]!)} {N(json["missing"]!["total"]!)}"), "total row");
        Assert.True(pdf.Shows("Всего 10 36 26"));
        Assert.DoesNotContain("report@clinic.example", pdf.Text, StringComparison.OrdinalIgnoreCase);

        using var english = new HttpRequestMessage(HttpMethod.Get, $"api/doctors/{doctor}/credits.pdf");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var en = PdfReading.Of(await (await world.Host.Http.SendAsync(english)).Content.ReadAsByteArrayAsync());
        Assert.True(en.Shows("REPORT OF EDUCATIONAL ACTIVITY"));
        Assert.True(en.Shows("Total 10 36 26"));
        Assert.True(en.Shows("Certificate check: " + link));
    }

    [Fact]
    public async Task A_doctor_without_credits_gets_the_empty_report_as_the_json_route_does_and_a_bad_id_is_400()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var doctor = ActivationWorld.NewId("nobody");

        var pdf = PdfReading.Of(await world.Host.Http.GetByteArrayAsync($"api/doctors/{doctor}/credits.pdf"));
        var bad = await world.Host.Http.GetAsync("api/doctors/~bad~/credits.pdf");

        Assert.True(pdf.Shows("Зачтённые активности: 0"));
        Assert.True(pdf.Shows("В этом цикле зачтённых активностей пока нет."));
        Assert.True(pdf.Shows("Всего 0 36 36"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("doctor.invalid", (await PipelineHost.JsonAsync(bad))["code"]!.GetValue<string>());
    }

    private static string Ru(System.Text.Json.Nodes.JsonNode date) =>
        DateOnly.Parse(date.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static string N(System.Text.Json.Nodes.JsonNode value) => value.GetValue<decimal>().ToString("0.##", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ',');
}
