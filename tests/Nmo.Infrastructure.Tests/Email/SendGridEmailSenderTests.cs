using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Email;
using Nmo.Infrastructure.Email;
using Nmo.Testing.Email;

namespace Nmo.Infrastructure.Tests.Email;

public sealed class SendGridEmailSenderTests : IAsyncLifetime
{
    private readonly List<TimeSpan> delays = [];
    private FakeSendGridServer server = null!;

    public async Task InitializeAsync() => server = await FakeSendGridServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Recipients_go_out_in_requests_of_at_most_1000_personalizations_each_filled_per_recipient()
    {
        using var sender = Sender();
        var batch = EmailSamples.Batch(2500);

        var result = await sender.SendAsync(batch, CancellationToken.None);

        Assert.Empty(server.Violations);
        Assert.Empty(result.Failures);
        Assert.Equal(batch.Recipients.Select(r => r.Key).Order(), result.SentKeys.Order());
        var requests = server.Requests.ToArray();
        Assert.Equal([1000, 1000, 500], requests.Select(r => r.GetProperty("personalizations").GetArrayLength()));

        var personalizations = requests.SelectMany(r => r.GetProperty("personalizations").EnumerateArray()).ToArray();
        Assert.Equal(
            batch.Recipients.Select(r => r.Key).Order(),
            personalizations.Select(p => p.GetProperty("custom_args").GetProperty("nmo_key").GetString()).Order());
        Assert.All(personalizations, p => Assert.Equal("certificate", p.GetProperty("custom_args").GetProperty("nmo_category").GetString()));
        Assert.All(requests, r => Assert.Equal(["certificate"], r.GetProperty("categories").EnumerateArray().Select(c => c.GetString())));
        Assert.All(requests, r => Assert.Equal("noreply@nmo.example", r.GetProperty("from").GetProperty("email").GetString()));

        // What the doctor receives is the content with SendGrid's substitutions applied.
        var sample = personalizations[1234];
        var recipient = batch.Recipients.Single(r => r.Key == sample.GetProperty("custom_args").GetProperty("nmo_key").GetString());
        Assert.Equal(recipient.Address, sample.GetProperty("to")[0].GetProperty("email").GetString());
        var request = requests[1];
        var text = Substitute(request.GetProperty("content")[0].GetProperty("value").GetString()!, sample);
        var html = Substitute(request.GetProperty("content")[1].GetProperty("value").GetString()!, sample);
        Assert.Contains($"ИКП): {recipient.Values["code"]}", text);
        Assert.Contains(recipient.Values["code"], html);
        Assert.Contains($"Здравствуйте, {recipient.Name}!", text);
        Assert.DoesNotContain("{{", text);
        Assert.DoesNotContain("{{", html);
    }

    [Fact]
    public async Task Sandbox_mode_is_passed_to_SendGrid()
    {
        using var sender = Sender(o => o.SandboxMode = true);

        await sender.SendAsync(EmailSamples.Batch(1), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.True(request.GetProperty("mail_settings").GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_seconds_SendGrid_asks_for()
    {
        server.Enqueue(429, FakeSendGridServer.ErrorBody(("too many requests", null)), ("Retry-After", "7"));
        using var sender = Sender();

        var result = await sender.SendAsync(EmailSamples.Batch(3), CancellationToken.None);

        Assert.Empty(result.Failures);
        Assert.Equal(3, result.SentKeys.Count);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7)], delays);
    }

    [Fact]
    public async Task Too_many_requests_with_an_http_date_waits_until_that_moment()
    {
        var at = EmailSamples.Now.AddSeconds(20).ToString("R");
        server.Enqueue(429, null, ("Retry-After", at));
        using var sender = Sender();

        var result = await sender.SendAsync(EmailSamples.Batch(1), CancellationToken.None);

        Assert.Single(result.SentKeys);
        Assert.Equal([TimeSpan.FromSeconds(20)], delays);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_growing_bounded_back_off()
    {
        server.Enqueue(500, "oops");
        server.Enqueue(500, "oops");
        using var sender = Sender();

        var result = await sender.SendAsync(EmailSamples.Batch(2), CancellationToken.None);

        Assert.Empty(result.Failures);
        Assert.Equal(2, result.SentKeys.Count);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, delays.Count);
        Assert.InRange(delays[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.4));
    }

    [Fact]
    public async Task Bad_request_fails_every_recipient_of_the_request_permanently_with_SendGrids_reason()
    {
        server.Enqueue(400, FakeSendGridServer.ErrorBody(
            ("The from address does not match a verified Sender Identity.", "from"),
            ("Invalid address noreply@nmo.example", null)));
        using var sender = Sender();
        var batch = EmailSamples.Batch(4);

        var result = await sender.SendAsync(batch, CancellationToken.None);

        Assert.Empty(result.SentKeys);
        Assert.Equal(batch.Recipients.Select(r => r.Key), result.Failures.Select(f => f.Key));
        Assert.All(result.Failures, f =>
        {
            Assert.True(f.Permanent);
            Assert.Contains("400", f.Reason);
            Assert.Contains("does not match a verified Sender Identity", f.Reason);
            Assert.DoesNotContain("noreply@nmo.example", f.Reason);
        });
        Assert.Single(server.Requests);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task Only_the_request_that_failed_reports_failures()
    {
        server.Enqueue(202);
        server.Enqueue(400, FakeSendGridServer.ErrorBody(("Bad Request", null)));
        using var sender = Sender(o => o.RecipientsPerRequest = 2);
        var batch = EmailSamples.Batch(5);

        var result = await sender.SendAsync(batch, CancellationToken.None);

        Assert.Equal(batch.Recipients.Take(2).Concat(batch.Recipients.Skip(4)).Select(r => r.Key), result.SentKeys);
        Assert.Equal(batch.Recipients.Skip(2).Take(2).Select(r => r.Key), result.Failures.Select(f => f.Key));
    }

    [Fact]
    public async Task Exhausted_retries_leave_a_non_permanent_failure_for_a_later_retry()
    {
        for (var i = 0; i < 10; i++)
        {
            server.Enqueue(503, "unavailable");
        }

        using var sender = Sender(o => o.MaxDelay = TimeSpan.FromSeconds(5));

        var result = await sender.SendAsync(EmailSamples.Batch(2), CancellationToken.None);

        Assert.Empty(result.SentKeys);
        Assert.Equal(2, result.Failures.Count);
        Assert.All(result.Failures, f => Assert.False(f.Permanent));
        Assert.Contains("503", result.Failures[0].Reason);
        Assert.Equal(5, server.Requests.Count);
        Assert.Equal(4, delays.Count);
        Assert.True(delays[0] < delays[1] && delays[1] < delays[2], string.Join(", ", delays));
        Assert.Equal(TimeSpan.FromSeconds(5), delays[3]);
    }

    [Fact]
    public async Task A_wait_longer_than_the_maximum_is_not_slept_but_left_for_a_later_retry()
    {
        server.Enqueue(429, null, ("Retry-After", "3600"));
        using var sender = Sender();

        var result = await sender.SendAsync(EmailSamples.Batch(1), CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.False(failure.Permanent);
        Assert.Contains("3600", failure.Reason);
        Assert.Single(server.Requests);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task A_rejected_api_key_is_not_the_recipients_fault()
    {
        using var sender = Sender(o => o.ApiKey = "SG.wrong");

        var result = await sender.SendAsync(EmailSamples.Batch(1), CancellationToken.None);

        var failure = Assert.Single(result.Failures);
        Assert.False(failure.Permanent);
        Assert.Contains("401", failure.Reason);
        Assert.Empty(delays);
        server.Violations.Clear();
    }

    [Fact]
    public async Task An_invalid_address_fails_alone_and_does_not_sink_the_request()
    {
        var good = EmailSamples.Recipient(1);
        var bad = EmailSamples.Recipient(2) with { Address = "not an address" };
        using var sender = Sender();

        var result = await sender.SendAsync(new EmailBatch("certificate", EmailSamples.Certificate(), [good, bad]), CancellationToken.None);

        Assert.Equal([good.Key], result.SentKeys);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(bad.Key, failure.Key);
        Assert.True(failure.Permanent);
        Assert.Equal(1, Assert.Single(server.Requests).GetProperty("personalizations").GetArrayLength());
    }

    private SendGridEmailSender Sender(Action<SendGridOptions>? configure = null)
    {
        var options = new SendGridOptions
        {
            ApiKey = FakeSendGridServer.ApiKey,
            Host = server.Host,
            MaxAttempts = 5,
            InitialDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(60),
        };
        configure?.Invoke(options);
        return new SendGridEmailSender(
            options,
            new EmailOptions(),
            new FakeTimeProvider(EmailSamples.Now),
            delay: (wait, _) =>
            {
                lock (delays)
                {
                    delays.Add(wait);
                }

                return Task.CompletedTask;
            });
    }

    private static string Substitute(string content, JsonElement personalization)
    {
        foreach (var s in personalization.GetProperty("substitutions").EnumerateObject())
        {
            content = content.Replace(s.Name, s.Value.GetString(), StringComparison.Ordinal);
        }

        return content;
    }
}
