using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Common;
using Nmo.Core.Configuration;
using Nmo.Core.Email;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary><c>POST /api/email/events</c>: SendGrid's signed Event Webhook, through the real function class.</summary>
public sealed class EmailEventWebhookTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly WebhookSigner signer = new();

    [Fact]
    public async Task A_signed_bounce_marks_the_certificate_bounced_and_shows_in_the_upload_status_once()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var (provider, eventId, uploadId) = await UploadAsync(host, "antonov@clinic.example", "belova@clinic.example");
        var bounce = Events(new
        {
            email = "belova@clinic.example",
            timestamp = 1764064800,
            @event = "bounce",
            type = "bounce",
            reason = "550 5.1.1 Пользователь belova@clinic.example не найден",
            status = "5.1.1",
            nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "belova@clinic.example")),
            nmo_category = "certificate",
        });

        var response = await PostAsync(host, bounce, signer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await PipelineHost.JsonAsync(response))["applied"]!.GetValue<int>());

        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal(1, status["emailed"]!.GetValue<int>());
        Assert.Equal(1, status["emailFailed"]!.GetValue<int>());
        var error = Assert.Single(status["errors"]!.AsArray());
        Assert.Equal(3, error!["line"]!.GetValue<int>());
        Assert.Contains("вернулось", error["reason"]!.GetValue<string>());
        Assert.Contains("5.1.1", error["reason"]!.GetValue<string>());
        Assert.DoesNotContain("belova@clinic.example", error["reason"]!.GetValue<string>());
        var stored = await AttendeeAsync(host, eventId, "belova@clinic.example");
        Assert.Equal(EmailStatus.Bounced, stored.CertificateStatus);

        // SendGrid delivers at least once: the same event again changes nothing.
        var again = await PostAsync(host, bounce, signer);
        Assert.Equal(0, (await PipelineHost.JsonAsync(again))["applied"]!.GetValue<int>());
        var unchanged = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal(1, unchanged["emailFailed"]!.GetValue<int>());
        Assert.Equal(1, unchanged["emailed"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_late_bounce_for_a_certificate_since_reissued_leaves_the_new_certificate_alone()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var (provider, eventId, _) = await UploadAsync(host, "belova@clinic.example");
        var first = await AttendeeAsync(host, eventId, "belova@clinic.example");
        var reissue = await provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = "belova@clinic.example" });
        Assert.Equal(HttpStatusCode.Accepted, reissue.StatusCode);
        await Eventually.WaitUntilAsync(
            async () => (await AttendeeAsync(host, eventId, "belova@clinic.example")) is { CertificateStatus: EmailStatus.Sent } a && a.CodeHash != first.CodeHash,
            Eventually.DefaultTimeout, "the re-issued certificate sent");
        var reissued = await AttendeeAsync(host, eventId, "belova@clinic.example");
        Assert.NotEqual(first.CodeHash, reissued.CodeHash);

        // The first certificate's bounce arrives after its re-issue went out.
        var late = Events(new
        {
            email = "belova@clinic.example", timestamp = 1764064800, @event = "bounce", type = "bounce", reason = "550 5.1.1", status = "5.1.1",
            nmo_key = CertificateMailer.CertificateKey(first), nmo_category = "certificate",
        });
        var response = await PostAsync(host, late, signer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await PipelineHost.JsonAsync(response))["applied"]!.GetValue<int>());
        Assert.Equal(EmailStatus.Sent, (await AttendeeAsync(host, eventId, "belova@clinic.example")).CertificateStatus);
    }

    [Fact]
    public async Task Delivered_and_spam_reports_are_recorded_without_changing_the_counts()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var (provider, eventId, uploadId) = await UploadAsync(host, "antonov@clinic.example", "belova@clinic.example");
        var response = await PostAsync(host, Events(
            new { @event = "processed", nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "antonov@clinic.example")) },
            new { @event = "delivered", nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "antonov@clinic.example")) },
            new { @event = "delivered", nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "belova@clinic.example")) },
            new { @event = "spamreport", nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "belova@clinic.example")) },
            new { @event = "delivered", nmo_key = "cert-unknown-event-0123456789abcdef0123456789abcdef" }), signer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await PipelineHost.JsonAsync(response);
        Assert.Equal(3, body["applied"]!.GetValue<int>());
        Assert.Equal(2, body["ignored"]!.GetValue<int>());
        Assert.Equal(EmailStatus.Delivered, (await AttendeeAsync(host, eventId, "antonov@clinic.example")).CertificateStatus);
        Assert.Equal(EmailStatus.SpamReport, (await AttendeeAsync(host, eventId, "belova@clinic.example")).CertificateStatus);
        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal(2, status["emailed"]!.GetValue<int>());
        Assert.Equal(0, status["emailFailed"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_credit_notice_event_updates_the_notice_state()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var states = host.Services.GetRequiredService<IEmailStateStore>();
        var key = CreditNotifier.NoticeKey("doc-" + Guid.NewGuid().ToString("N")[..8], "event|cardio");
        var now = DateTimeOffset.UtcNow;
        var claim = Assert.IsType<EmailClaimResult.Claimed>(await states.ClaimAsync(key, new EmailClaim("claim-1", now, now.AddMinutes(-10)), CancellationToken.None));
        await states.RecordAsync(key, claim.ETag, EmailStatus.Sent, now, null, CancellationToken.None);

        var response = await PostAsync(host, Events(new { @event = "dropped", reason = "Bounced Address", nmo_key = key }), signer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await states.FindAsync(key, CancellationToken.None);
        Assert.Equal(EmailStatus.Dropped, state!.Status);
        Assert.Equal("Bounced Address", state.Error);
    }

    [Fact]
    public async Task Unsigned_wrongly_signed_and_altered_calls_are_refused()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var (provider, eventId, uploadId) = await UploadAsync(host, "antonov@clinic.example");
        var payload = Events(new { @event = "bounce", reason = "550", nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "antonov@clinic.example")) });

        var unsigned = await host.Http.PostAsync("api/email/events", new StringContent(payload, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal("application/problem+json", unsigned.Content.Headers.ContentType?.MediaType);
        Assert.Equal("email-events.unsigned", (await PipelineHost.JsonAsync(unsigned))["code"]!.GetValue<string>());

        using var stranger = new WebhookSigner();
        var wrongKey = await PostAsync(host, payload, stranger);
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
        Assert.Equal("email-events.bad-signature", (await PipelineHost.JsonAsync(wrongKey))["code"]!.GetValue<string>());

        var timestamp = Timestamp();
        var altered = await SendAsync(host, payload.Replace("550", "551", StringComparison.Ordinal), signer.Sign(timestamp, payload), timestamp);
        Assert.Equal(HttpStatusCode.Forbidden, altered.StatusCode);

        var garbage = await SendAsync(host, payload, "not-a-signature", timestamp);
        Assert.Equal(HttpStatusCode.Forbidden, garbage.StatusCode);

        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal(0, status["emailFailed"]!.GetValue<int>());
        Assert.Equal(EmailStatus.Sent, (await AttendeeAsync(host, eventId, "antonov@clinic.example")).CertificateStatus);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_with_413_whether_or_not_its_length_is_declared()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var big = Events(Enumerable.Range(0, 20_000).Select(i => (object)new { @event = "delivered", nmo_key = $"cert-x-{i:D32}" }).ToArray());
        Assert.True(Encoding.UTF8.GetByteCount(big) > DeliveryReportService.MaxPayloadBytes);

        var declared = await PostAsync(host, big, signer);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal("email-events.too-large", (await PipelineHost.JsonAsync(declared))["code"]!.GetValue<string>());

        var timestamp = Timestamp();
        var chunked = new HttpRequestMessage(HttpMethod.Post, "api/email/events")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))), // no Content-Length: sent chunked
        };
        chunked.Headers.TransferEncodingChunked = true;
        chunked.Headers.Add(SendGridEventSignature.SignatureHeader, signer.Sign(timestamp, big));
        chunked.Headers.Add(SendGridEventSignature.TimestampHeader, timestamp);
        var undeclared = await host.Http.SendAsync(chunked);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, undeclared.StatusCode);
        Assert.Equal("application/problem+json", undeclared.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_genuinely_signed_call_replayed_after_the_window_is_refused()
    {
        await using var host = await StartAsync(signer.PublicKey);
        var (_, eventId, _) = await UploadAsync(host, "antonov@clinic.example");
        var payload = Events(new { @event = "bounce", reason = "550", nmo_key = CertificateMailer.CertificateKey(await AttendeeAsync(host, eventId, "antonov@clinic.example")) });
        var old = DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var replayed = await SendAsync(host, payload, signer.Sign(old, payload), old);

        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Equal("email-events.stale", (await PipelineHost.JsonAsync(replayed))["code"]!.GetValue<string>());
        Assert.Equal(EmailStatus.Sent, (await AttendeeAsync(host, eventId, "antonov@clinic.example")).CertificateStatus);
    }

    [Fact]
    public async Task Without_a_verification_key_every_call_is_refused()
    {
        await using var host = await StartAsync(publicKey: null);
        var response = await PostAsync(host, Events(new { @event = "delivered", nmo_key = "cert-x-0123456789abcdef0123456789abcdef" }), signer);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("email-events.not-configured", (await PipelineHost.JsonAsync(response))["code"]!.GetValue<string>());
    }

    public void Dispose() => signer.Dispose();

    private Task<PipelineHost> StartAsync(string? publicKey) =>
        PipelineHost.StartAsync(azurite, new Dictionary<string, string?> { [SettingNames.SendGridWebhookPublicKey] = publicKey });

    /// <summary>An upload whose certificates went out (to the outbox); returns the provider's client, the event and the upload.</summary>
    internal static async Task<(HttpClient Provider, string EventId, string UploadId)> UploadAsync(PipelineHost host, params string[] emails)
    {
        var (_, provider) = await host.NewProviderAsync("Общество кардиологов");
        var eventId = "ev-" + Guid.NewGuid().ToString("N")[..10];
        var put = await provider.PutAsJsonAsync($"api/events/{eventId}", new
        {
            title = "Школа кардиолога", kind = "event", startDate = "2026-11-20", endDate = "2026-11-21", place = "Москва", credits = 6,
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var csv = "Фамилия;Имя;Email\n" + string.Concat(emails.Select((e, i) => $"Иванов{"абвгд"[i]};Иван;{e}\n"));
        var upload = await provider.PostAsync($"api/events/{eventId}/attendance", new ByteArrayContent(Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var uploadId = (await PipelineHost.JsonAsync(upload))["uploadId"]!.GetValue<string>();
        var status = await PipelineHost.WaitForUploadAsync(provider, uploadId);
        Assert.Equal(emails.Length, status["emailed"]!.GetValue<int>());
        return (provider, eventId, uploadId);
    }

    private static string KeyOf(string email) => Ids.Digest(email.Trim().ToLowerInvariant());

    internal static async Task<AttendeeRecord> AttendeeAsync(PipelineHost host, string eventId, string email) =>
        Assert.Single(await host.Services.GetRequiredService<IAttendeeStore>().GetManyAsync(eventId, [KeyOf(email)], CancellationToken.None));

    /// <summary>Cyrillic left as is (not \u-escaped), so the signature is checked over real UTF-8 bytes.</summary>
    internal static string Events(params object[] events) =>
        JsonSerializer.Serialize(events, new JsonSerializerOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) });

    private static string Timestamp() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    internal static Task<HttpResponseMessage> PostAsync(PipelineHost host, string payload, WebhookSigner by)
    {
        var timestamp = Timestamp();
        return SendAsync(host, payload, by.Sign(timestamp, payload), timestamp);
    }

    private static Task<HttpResponseMessage> SendAsync(PipelineHost host, string payload, string signature, string timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/email/events")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(SendGridEventSignature.SignatureHeader, signature);
        request.Headers.Add(SendGridEventSignature.TimestampHeader, timestamp);
        return host.Http.SendAsync(request);
    }
}
