using System.Net;
using System.Net.Http.Json;
using Nmo.LocalHost;
using Nmo.Testing;

namespace Nmo.Functions.Tests.EndToEnd;

/// <summary>The whole slice through the real function classes, Azurite and the e-mail outbox.</summary>
public sealed class CreditPipelineTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    [Fact]
    public async Task Upload_issues_codes_emails_certificates_and_an_activation_credits_the_doctor_once()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync("Общество кардиологов");

        var put = await provider.PutAsJsonAsync("api/events/cardio-school", new
        {
            title = "Школа кардиолога",
            kind = "event",
            startDate = "2026-11-20",
            endDate = "2026-11-21",
            place = "Москва",
            credits = 6,
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var csv = new ByteArrayContent(await File.ReadAllBytesAsync(Sample("attendance-ru.csv")));
        var upload = await provider.PostAsync("api/events/cardio-school/attendance", csv);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var uploadId = (await PipelineHost.JsonAsync(upload))["uploadId"]!.GetValue<string>();

        var status = await PipelineHost.WaitForUploadAsync(provider, uploadId);
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(8, status["rows"]!.GetValue<int>());
        Assert.Equal(6, status["issued"]!.GetValue<int>());
        Assert.Equal(6, status["emailed"]!.GetValue<int>());
        Assert.Equal([5, 8], status["errors"]!.AsArray().Select(e => e!["line"]!.GetValue<int>()).Order());

        var certificates = LocalOutbox.Messages(host.OutboxDirectory, "cardio-school");
        Assert.Equal(6, certificates.Count);
        var codes = certificates.Select(LocalOutbox.FindCode).ToList();
        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Y]{4}-[0-9A-HJKMNP-TV-Y]{8}$", c));
        Assert.Equal(6, codes.Distinct().Count());

        // Typed carelessly: lower case, spaces instead of the hyphen.
        var typed = codes[0]!.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal);
        var first = await host.Http.PostAsJsonAsync("api/activations", new { doctorId = "doc-1", email = "doc1@clinic.example", code = typed });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var activated = await PipelineHost.JsonAsync(first);
        Assert.Equal("cardio-school", activated["eventId"]!.GetValue<string>());
        Assert.False(activated["alreadyActivated"]!.GetValue<bool>());

        var again = await PipelineHost.JsonAsync(await host.Http.PostAsJsonAsync("api/activations", new { doctorId = "doc-1", email = "doc1@clinic.example", code = codes[0] }));
        Assert.True(again["alreadyActivated"]!.GetValue<bool>());

        var stolen = await host.Http.PostAsJsonAsync("api/activations", new { doctorId = "doc-2", email = "doc2@clinic.example", code = codes[0] });
        Assert.Equal(HttpStatusCode.Conflict, stolen.StatusCode);

        var report = await PipelineHost.JsonAsync(await host.Http.GetAsync("api/doctors/doc-1/credits"));
        Assert.Equal(6m, report["totals"]!["events"]!.GetValue<decimal>());
        Assert.Equal(10m, report["missing"]!["events"]!.GetValue<decimal>());
        var entry = Assert.Single(report["entries"]!.AsArray());
        Assert.Equal("Школа кардиолога", entry!["title"]!.GetValue<string>());
        Assert.DoesNotContain(codes[0]!, entry["code"]!.GetValue<string>());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (LocalOutbox.Messages(host.OutboxDirectory, "credit-doc-1").Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Single(LocalOutbox.Messages(host.OutboxDirectory, "credit-doc-1"));
    }
}
