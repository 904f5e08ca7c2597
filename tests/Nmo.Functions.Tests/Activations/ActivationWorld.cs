using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Nmo.Core.Email;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Queues;
using Nmo.Infrastructure.Storage;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Activations;

/// <summary>One e-mail as SendGrid received it: every request to the loopback server is one sending, repeats included.</summary>
internal sealed record SentMail(string Key, string Category, string To, IReadOnlyDictionary<string, string> Values);

/// <summary>
/// The pipeline on Azurite with a provider, e-mail going to a loopback SendGrid that records every sending (the
/// outbox would hide a repeat behind its one file per key), and the steps the activation tests repeat.
/// </summary>
internal sealed class ActivationWorld : IAsyncDisposable
{
    private readonly FakeSendGridServer? mail;

    private ActivationWorld(PipelineHost host, FakeSendGridServer? mail, HttpClient provider)
    {
        Host = host;
        this.mail = mail;
        Provider = provider;
    }

    public PipelineHost Host { get; }

    /// <summary>The provider's client, its key set.</summary>
    public HttpClient Provider { get; }

    /// <summary>With <paramref name="outbox"/>, e-mail goes to the .eml outbox instead of the loopback SendGrid.</summary>
    /// <param name="services">Services registered before the app's, which then keep them (to drive an interleaving).</param>
    public static async Task<ActivationWorld> StartAsync(
        AzuriteFixture azurite, bool outbox = false, IDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var mail = outbox ? null : await FakeSendGridServer.StartAsync();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (mail is not null)
        {
            all["SendGrid:ApiKey"] = FakeSendGridServer.ApiKey;
            all["SendGrid:Host"] = mail.Host;
        }

        var host = await PipelineHost.StartAsync(azurite, all, services);
        var (_, provider) = await host.NewProviderAsync("Общество кардиологов");
        return new ActivationWorld(host, mail, provider);
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>Every e-mail sent so far, one per recipient per sending.</summary>
    public IReadOnlyList<SentMail> Sent() =>
        [.. (mail ?? throw new InvalidOperationException("E-mail goes to the outbox in this world.")).Requests.ToArray()
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray())
            .Select(p => new SentMail(
                p.GetProperty("custom_args").GetProperty("nmo_key").GetString()!,
                p.GetProperty("custom_args").GetProperty("nmo_category").GetString()!,
                p.GetProperty("to")[0].GetProperty("email").GetString()!,
                p.GetProperty("substitutions").EnumerateObject().ToDictionary(s => s.Name.Trim('{', '}'), s => s.Value.GetString()!)))];

    /// <summary>The subject and plain text of the e-mail sent under <paramref name="key"/>, its placeholders filled as SendGrid fills them.</summary>
    public string Content(string key)
    {
        var request = (mail ?? throw new InvalidOperationException("E-mail goes to the outbox in this world.")).Requests.ToArray()
            .Last(r => r.GetProperty("personalizations").EnumerateArray().Any(p => p.GetProperty("custom_args").GetProperty("nmo_key").GetString() == key));
        var values = request.GetProperty("personalizations").EnumerateArray()
            .First(p => p.GetProperty("custom_args").GetProperty("nmo_key").GetString() == key)
            .GetProperty("substitutions").EnumerateObject().ToDictionary(s => s.Name.Trim('{', '}'), s => s.Value.GetString()!);
        var text = request.GetProperty("subject").GetString() + "\n" +
            request.GetProperty("content").EnumerateArray().First(c => c.GetProperty("type").GetString() == "text/plain").GetProperty("value").GetString();
        return EmailTemplates.Fill(new EmailContent(string.Empty, string.Empty, text), values).Text;
    }

    public IReadOnlyList<SentMail> CreditNotices(string doctorId) =>
        [.. Sent().Where(m => m.Category == "credit-notice" && m.Key.StartsWith(CreditNotifier.NoticeKey(doctorId, string.Empty), StringComparison.Ordinal))];

    public Task<HttpResponseMessage> PutActivityAsync(string id, string kind, decimal credits, string title = "Школа кардиолога") =>
        Provider.PutAsJsonAsync($"api/events/{id}", new
        {
            title,
            kind,
            startDate = "2026-11-20",
            endDate = "2026-11-21",
            place = "Москва",
            credits,
        });

    /// <summary>Registers an event, uploads its attendance list and returns each attendee's code as e-mailed.</summary>
    public async Task<IReadOnlyDictionary<string, string>> IssueCodesAsync(string eventId, params string[] emails)
    {
        (await PutActivityAsync(eventId, "event", 6)).EnsureSuccessStatusCode();
        var csv = new StringBuilder("Фамилия;Имя;Отчество;Email;Специальность\n");
        foreach (var email in emails)
        {
            csv.Append("Антонов;Андрей;Викторович;").Append(email).Append(";Терапия\n");
        }

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var upload = await Provider.PostAsync($"api/events/{eventId}/attendance", content);
        upload.EnsureSuccessStatusCode();
        var status = await PipelineHost.WaitForUploadAsync(Provider, (await PipelineHost.JsonAsync(upload))["uploadId"]!.GetValue<string>());
        Assert.Equal(emails.Length, status["emailed"]!.GetValue<int>());
        return mail is null ? new Dictionary<string, string>() : Certificates(eventId).ToDictionary(m => m.To, m => m.Values["code"]);
    }

    public IReadOnlyList<SentMail> Certificates(string eventId) =>
        [.. Sent().Where(m => m.Category == "certificate" && m.Key.StartsWith($"cert-{eventId}-", StringComparison.Ordinal))];

    public Task<HttpResponseMessage> ActivateAsync(string doctorId, string code, string? language = null, string? email = null, string? name = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/activations")
        {
            Content = JsonContent.Create(new { doctorId, email = email ?? $"{doctorId}@clinic.example", code, name }),
        };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return Host.Http.SendAsync(request);
    }

    public async Task<JsonNode> ReportAsync(string doctorId)
    {
        var response = await Host.Http.GetAsync($"api/doctors/{doctorId}/credits");
        response.EnsureSuccessStatusCode();
        return await PipelineHost.JsonAsync(response);
    }

    /// <summary>Waits until the queue holds no message, in flight or waiting: everything sent to it has been handled.</summary>
    public Task WaitForEmptyQueueAsync(string queue) => Host.Queues.WaitUntilEmptyAsync(queue);

    /// <summary>
    /// The credit events queued so far for downstream systems. Nothing in the app consumes that queue, so the test
    /// takes every message off it (the tests of one class run one after another, each with its own doctors).
    /// </summary>
    public Task<List<CreditRecordMessage>> TakeCreditEventsAsync() =>
        Host.Queues.TakeAllAsync<CreditRecordMessage>(StorageNames.Queues.CreditRecords);

    public async ValueTask DisposeAsync()
    {
        // A message in flight when the host stops can stay leased for minutes; the next test of the class would
        // then wait for it. So the work this test started is finished first (best effort: never hide a failure).
        try
        {
            await WaitForEmptyQueueAsync(StorageNames.Queues.Certificates);
            await WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        }
        catch (TimeoutException)
        {
        }

        Provider.Dispose();
        await Host.DisposeAsync();
        if (mail is not null)
        {
            Assert.Empty(mail.Violations);
            await mail.DisposeAsync();
        }
    }
}
