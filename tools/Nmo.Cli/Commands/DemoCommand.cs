using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// The whole job on sample data, through the real HTTP routes and queue triggers: a provider, an event, an
/// upload, codes, certificates in the outbox, an activation and the doctor's credit report.
/// </summary>
public static class DemoCommand
{
    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Say);
        await environment.PrepareStorageAsync(cancellationToken);
        var outbox = Path.GetFullPath(environment.Configuration[SettingNames.EmailOutboxDirectory] ?? Path.Combine(".nmo", "outbox"));
        await using var app = NmoLocalHost.Build(environment.Configuration, port: 0, o =>
        {
            o.Queues = new QueueHostOptions { MaxPollingInterval = TimeSpan.FromMilliseconds(200) };
            o.ConfigureLogging = logging => logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
        });
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(LocalFunctionHost.GetAddress(app)), Timeout = TimeSpan.FromMinutes(2) };
        Say($"API on {http.BaseAddress}");

        var provider = await SendAsync(http, HttpMethod.Post, "api/admin/providers", new { name = "Демо: Общество кардиологов" }, cancellationToken);
        var apiKey = provider["apiKey"]!.GetValue<string>();
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        Say($"1. Provider created: {provider["providerId"]} (key shown once, kept by the provider).");

        var eventId = $"demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ev = await SendAsync(http, HttpMethod.Put, $"api/events/{eventId}", new
        {
            title = "Школа кардиолога: острый коронарный синдром",
            kind = "event",
            startDate = today.AddDays(-2),
            endDate = today.AddDays(-1),
            place = "Москва, Центральный дом врача",
            credits = 6,
        }, cancellationToken);
        Say($"2. Event registered: {eventId} «{ev["title"]}», {ev["credits"]} credits.");

        var csv = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "attendance-ru.csv"), cancellationToken);
        using var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new("text/csv");
        var uploadResponse = await http.PostAsync($"api/events/{eventId}/attendance", content, cancellationToken);
        var upload = await ReadAsync(uploadResponse, cancellationToken);
        var uploadId = upload["uploadId"]!.GetValue<string>();
        Say($"3. Upload accepted ({(int)uploadResponse.StatusCode}): {uploadId}; {upload["rows"]} rows, {upload["accepted"]} accepted, {upload["rejected"]} rejected.");

        var status = await WaitForAsync(http, $"api/uploads/{uploadId}", s =>
            s["status"]?.GetValue<string>() is "completed" or "failed" &&
            s["emailed"]!.GetValue<int>() + s["emailFailed"]!.GetValue<int>() >= s["issued"]!.GetValue<int>(), cancellationToken);
        Say($"4. Upload {status["status"]}: {status["issued"]} codes issued, {status["emailed"]} certificates e-mailed.");
        foreach (var error in status["errors"]!.AsArray())
        {
            Say($"   line {error!["line"]}, {error["column"]}: {error["reason"]}");
        }

        var certificates = LocalOutbox.Messages(outbox, eventId);
        Say($"5. Outbox {outbox}: {certificates.Count} certificates, e.g. {Path.GetFileName(certificates.FirstOrDefault() ?? "-")}");
        var code = certificates.Count > 0 ? LocalOutbox.FindCode(certificates[0]) : null;
        if (code is null)
        {
            Say("No certificate with a code was found in the outbox.");
            return 1;
        }

        Say($"   code in the first certificate: {ConfirmationCode.Mask(code)}");
        var doctorId = "doctor-demo-" + eventId[5..].Replace("-", "", StringComparison.Ordinal);
        var typed = code.ToLowerInvariant().Replace("0", "o", StringComparison.Ordinal).Replace("-", " ", StringComparison.Ordinal);
        var activation = await SendAsync(http, HttpMethod.Post, "api/activations", new { doctorId, email = "doctor@clinic.example", code = typed }, cancellationToken);
        Say($"6. Activated by {doctorId} (typed as \"{ConfirmationCode.Mask(typed)}\" in lower case, O for zero): +{activation["credits"]} credits for «{activation["title"]}», alreadyActivated={activation["alreadyActivated"]}.");
        var again = await SendAsync(http, HttpMethod.Post, "api/activations", new { doctorId, email = "doctor@clinic.example", code }, cancellationToken);
        Say($"   activated again: alreadyActivated={again["alreadyActivated"]} (credited once).");

        var report = await SendAsync(http, HttpMethod.Get, $"api/doctors/{doctorId}/credits", null, cancellationToken);
        Say($"7. Credit report of {doctorId}: cycle {report["cycle"]!["start"]} – {report["cycle"]!["end"]}");
        Say($"   totals events {report["totals"]!["events"]}/{report["targets"]!["events"]}, modules {report["totals"]!["modules"]}/{report["targets"]!["modules"]}, total {report["totals"]!["total"]}/{report["targets"]!["total"]}; missing {report["missing"]!["total"]}");
        foreach (var entry in report["entries"]!.AsArray())
        {
            Say($"   {entry!["date"]} {entry["kind"]} «{entry["title"]}» ({entry["provider"]}) {entry["credits"]} h, code {entry["code"]}");
        }

        var notices = await WaitForFilesAsync(outbox, $"credit-{doctorId}", cancellationToken);
        Say($"8. Credit notice e-mailed: {notices.Count} message(s), e.g. {Path.GetFileName(notices.FirstOrDefault() ?? "-")}");
        await app.StopAsync(cancellationToken);
        Say("Demo complete.");
        return notices.Count > 0 ? 0 : 1;
    }

    private static void Say(string line) => Console.WriteLine(line);

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAsync(response, cancellationToken);
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} from {response.RequestMessage?.RequestUri}: {text}");
        }

        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty response.");
    }

    private static async Task<JsonNode> WaitForAsync(HttpClient http, string path, Func<JsonNode, bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var node = await SendAsync(http, HttpMethod.Get, path, null, cancellationToken);
            if (done(node) || DateTime.UtcNow > deadline)
            {
                return node;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<string>> WaitForFilesAsync(string directory, string fragment, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var files = LocalOutbox.Messages(directory, fragment);
            if (files.Count > 0 || DateTime.UtcNow > deadline)
            {
                return files;
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
