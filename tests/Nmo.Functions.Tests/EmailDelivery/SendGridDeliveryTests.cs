using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Configuration;
using Nmo.Core.Email;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Queues;
using Nmo.Infrastructure.Storage;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>Uploads through the real function classes on Azurite, e-mailed by the real SendGrid client to a loopback SendGrid.</summary>
public sealed class SendGridDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_2500_attendee_upload_takes_three_SendGrid_requests_and_redelivered_messages_send_nothing_more()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var recorded = new RecordingQueue();
        await using var host = await StartAsync(sendGrid, recorded);
        var (provider, eventId) = await NewEventAsync(host);

        var uploadId = await UploadAsync(provider, eventId, 2500);
        var status = await PipelineHost.WaitForUploadAsync(provider, uploadId, TimeSpan.FromMinutes(3));

        Assert.Equal(2500, status["issued"]!.GetValue<int>());
        Assert.Equal(2500, status["emailed"]!.GetValue<int>());
        Assert.Equal(0, status["emailFailed"]!.GetValue<int>());
        var messages = recorded.Certificates.ToList();
        Assert.Equal([500, 1000, 1000], messages.Select(m => m.AttendeeKeys.Count).Order());
        Assert.Equal(3, sendGrid.Requests.Count);
        Assert.Empty(sendGrid.Violations);
        var keys = sendGrid.Requests.SelectMany(Keys).ToList();
        Assert.Equal(2500, keys.Distinct().Count());

        // Each certificate links to its own verification page through its substitutions, so one body serves the batch.
        var links = sendGrid.Requests.SelectMany(VerificationLinks).ToList();
        Assert.Equal(2500, links.Distinct().Count());
        Assert.All(links, l => Assert.Matches($"^{PipelineSettings.PublicBaseUrl}/api/certificates/[A-Za-z0-9_-]{{22}}$", l));
        Assert.All(sendGrid.Requests, r => Assert.All(
            r.GetProperty("content").EnumerateArray(),
            c => Assert.Contains("{{verifyUrl", c.GetProperty("value").GetString()!, StringComparison.Ordinal)));

        // Every certificate message delivered again: all is recorded as sent, so nothing goes to SendGrid.
        var queue = host.Services.GetRequiredService<IMessageQueue>();
        foreach (var message in messages)
        {
            await queue.SendAsync(StorageNames.Queues.Certificates, message, CancellationToken.None);
        }

        await host.Queues.WaitUntilEmptyAsync(StorageNames.Queues.Certificates);
        Assert.Equal(3, sendGrid.Requests.Count);
        var after = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal(2500, after["emailed"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_batch_SendGrid_refuses_is_recorded_failed_with_its_reason_in_the_upload_status()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        sendGrid.Enqueue(400, FakeSendGridServer.ErrorBody(("The from address does not match a verified Sender Identity.", "from")));
        await using var host = await StartAsync(sendGrid);
        var (provider, eventId) = await NewEventAsync(host);

        var uploadId = await UploadAsync(provider, eventId, 3);
        var status = await PipelineHost.WaitForUploadAsync(provider, uploadId);

        Assert.Equal(0, status["emailed"]!.GetValue<int>());
        Assert.Equal(3, status["emailFailed"]!.GetValue<int>());
        var errors = status["errors"]!.AsArray();
        Assert.Equal([2, 3, 4], errors.Select(e => e!["line"]!.GetValue<int>()).Order());
        Assert.All(errors, e => Assert.Contains("verified Sender Identity", e!["reason"]!.GetValue<string>()));
        Assert.All(errors, e => Assert.StartsWith("письмо со свидетельством не принято", e!["reason"]!.GetValue<string>()));
        Assert.Single(sendGrid.Requests);
    }

    [Fact]
    public async Task Throttled_with_Retry_After_then_accepted_sends_each_certificate_once()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        sendGrid.Enqueue(429, FakeSendGridServer.ErrorBody(("too many requests", null)), ("Retry-After", "1"));
        await using var host = await StartAsync(sendGrid);
        var (provider, eventId) = await NewEventAsync(host);

        var uploadId = await UploadAsync(provider, eventId, 4);
        var status = await PipelineHost.WaitForUploadAsync(provider, uploadId);

        Assert.Equal(4, status["emailed"]!.GetValue<int>());
        Assert.Equal(0, status["emailFailed"]!.GetValue<int>());
        Assert.Equal(2, sendGrid.Requests.Count);
        Assert.Equal(Keys(sendGrid.Requests.First()), Keys(sendGrid.Requests.Last()));
        Assert.Empty(status["errors"]!.AsArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Sandbox_mode_is_one_setting_that_reaches_the_request(bool sandbox)
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            [StorageNames.Connection] = azurite.ConnectionString,
            [SettingNames.SendGridApiKey] = FakeSendGridServer.ApiKey,
            [SettingNames.SendGridHost] = sendGrid.Host,
            [SettingNames.SendGridSandboxMode] = sandbox ? "true" : "false",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = Nmo.Infrastructure.Email.EmailRegistration.AddNmoEmail(new ServiceCollection(), configuration).BuildServiceProvider();

        await services.GetRequiredService<IEmailSender>().SendAsync(EmailSamples.Batch(2), CancellationToken.None);

        var request = Assert.Single(sendGrid.Requests);
        var enabled = request.TryGetProperty("mail_settings", out var mail) && mail.TryGetProperty("sandbox_mode", out var mode) &&
            mode.GetProperty("enable").GetBoolean();
        Assert.Equal(sandbox, enabled);
    }

    private static IEnumerable<string> VerificationLinks(JsonElement request) =>
        request.GetProperty("personalizations").EnumerateArray().Select(p => p.GetProperty("substitutions").GetProperty("{{verifyUrl}}").GetString()!);

    private static IEnumerable<string> Keys(JsonElement request) =>
        request.GetProperty("personalizations").EnumerateArray().Select(p => p.GetProperty("custom_args").GetProperty("nmo_key").GetString()!);

    private Task<PipelineHost> StartAsync(FakeSendGridServer sendGrid, RecordingQueue? recorded = null) =>
        PipelineHost.StartAsync(
            azurite,
            new Dictionary<string, string?>
            {
                [SettingNames.SendGridApiKey] = FakeSendGridServer.ApiKey,
                [SettingNames.SendGridHost] = sendGrid.Host,
            },
            recorded is null ? null : services => services.AddSingleton<IMessageQueue>(sp =>
            {
                recorded.Inner = new StorageMessageQueue(sp.GetRequiredService<StorageClients>());
                return recorded;
            }));

    private static async Task<(HttpClient Provider, string EventId)> NewEventAsync(PipelineHost host)
    {
        var (_, provider) = await host.NewProviderAsync("Общество кардиологов");
        var eventId = "ev-" + Guid.NewGuid().ToString("N")[..10];
        var put = await provider.PutAsJsonAsync($"api/events/{eventId}", new
        {
            title = "Школа кардиолога",
            kind = "event",
            startDate = "2026-11-20",
            endDate = "2026-11-21",
            place = "Москва",
            credits = 6,
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return (provider, eventId);
    }

    private static async Task<string> UploadAsync(HttpClient provider, string eventId, int attendees)
    {
        var csv = new StringBuilder("Фамилия;Имя;Отчество;Email;Специальность\n");
        for (var i = 0; i < attendees; i++)
        {
            csv.Append($"Иванов{Letters(i)};Иван;Иванович;doctor{i}@clinic{i % 7}.example;Терапия\n");
        }

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
        var response = await provider.PostAsync($"api/events/{eventId}/attendance", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await PipelineHost.JsonAsync(response))["uploadId"]!.GetValue<string>();
    }

    /// <summary>Names are letters only, so the number becomes Cyrillic letters.</summary>
    private static string Letters(int i)
    {
        const string alphabet = "абвгдежзиклмнопрстуфхцчшэюя";
        var text = new StringBuilder();
        do
        {
            text.Append(alphabet[i % alphabet.Length]);
            i /= alphabet.Length;
        }
        while (i > 0);
        return text.ToString();
    }

    /// <summary>The real queue, remembering every certificate message the pipeline sends.</summary>
    private sealed class RecordingQueue : IMessageQueue
    {
        public IMessageQueue? Inner { get; set; }

        public ConcurrentQueue<CertificateEmailMessage> Certificates { get; } = new();

        public Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
            where T : notnull
        {
            if (message is CertificateEmailMessage certificate)
            {
                Certificates.Enqueue(certificate);
            }

            return Inner!.SendAsync(queue, message, cancellationToken);
        }

        public Task SendAsync<T>(string queue, T message, TimeSpan visibleAfter, CancellationToken cancellationToken)
            where T : notnull
        {
            if (message is CertificateEmailMessage certificate)
            {
                Certificates.Enqueue(certificate);
            }

            return Inner!.SendAsync(queue, message, visibleAfter, cancellationToken);
        }
    }
}
