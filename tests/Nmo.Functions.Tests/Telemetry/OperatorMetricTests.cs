using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Core.Telemetry;
using Nmo.Functions.Tests.Activations;
using Nmo.Functions.Tests.EmailDelivery;
using Nmo.Functions.Timers;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Telemetry;

/// <summary>The operators' metrics, counted by the real functions on Azurite as an exporter receives them.</summary>
[Collection(MetricsCollection.Name)]
public sealed class OperatorMetricTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_upload_of_three_valid_and_two_invalid_rows_counts_three_accepted_two_rejected_three_codes_and_three_certificates_sent()
    {
        using var metrics = new MetricRecorder();
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("met");
        await Uploads.Uploads.CreateEventAsync(world.Provider, eventId);

        var status = await Uploads.Uploads.UploadAndWaitAsync(world.Provider, eventId, Uploads.Uploads.Utf8(Uploads.Uploads.Crlf(
            "Фамилия;Имя;Email",
            "Иванова;Анна;ivanova@clinic.example",
            "Петров;Пётр;не-адрес",
            "Сидоров;Олег;sidorov@clinic.example",
            "Кузнецова;;kuznetsova@clinic.example",
            "Орлова;Мария;orlova@clinic.example")));
        Assert.Equal((3, 2, 3), (status["accepted"]!.GetValue<int>(), status["rejected"]!.GetValue<int>(), status["emailed"]!.GetValue<int>()));

        // The status may read finished a moment before the mailer counts what it recorded.
        await Eventually.WaitUntilAsync(() => metrics.Sum(NmoMetrics.CertificatesSentName) >= 3, "the certificates sent are counted");
        Assert.Equal(3, metrics.Sum(NmoMetrics.RowsAcceptedName));
        Assert.Equal(2, metrics.Sum(NmoMetrics.RowsRejectedName));
        Assert.Equal(3, metrics.Sum(NmoMetrics.CodesIssuedName));
        Assert.Equal(3, metrics.Sum(NmoMetrics.CertificatesSentName));
        Assert.Equal(0, metrics.Sum(NmoMetrics.CertificatesFailedName));
    }

    [Fact]
    public async Task Activations_are_counted_by_the_status_the_portal_was_answered()
    {
        await using var world = await ActivationWorld.StartAsync(azurite, settings: new Dictionary<string, string?> { ["Activation:Throttle:MaxFailures"] = "3" });
        var eventId = ActivationWorld.NewId("act");
        var code = (await world.IssueCodesAsync(eventId, "owner@clinic.example"))["owner@clinic.example"];
        using var metrics = new MetricRecorder();

        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-owner", code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-owner", code)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await world.ActivateAsync(eventId + "-other", code)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ActivateAsync(eventId + "-guess", ConfirmationCode.Generate())).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await world.ActivateAsync(eventId + "-guess", "12")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ActivateAsync(eventId + "-guess", ConfirmationCode.Generate())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await world.ActivateAsync(eventId + "-guess", ConfirmationCode.Generate())).StatusCode);

        var counted = new[] { "200", "409", "404", "422", "429", NmoMetrics.ServerErrorStatus }
            .ToDictionary(s => s, s => metrics.Sum(NmoMetrics.ActivationsName, NmoMetrics.ActivationStatusTag, s));
        Assert.Equal(new Dictionary<string, long> { ["200"] = 2, ["409"] = 1, ["404"] = 2, ["422"] = 1, ["429"] = 1, ["5xx"] = 0 }, counted);
        Assert.Equal(7, metrics.Sum(NmoMetrics.ActivationsName));
    }

    [Fact]
    public async Task A_bounce_SendGrid_reports_counts_one_bounced_certificate_however_often_it_is_reported()
    {
        using var signer = new WebhookSigner();
        await using var host = await PipelineHost.StartAsync(azurite, new Dictionary<string, string?> { [SettingNames.SendGridWebhookPublicKey] = signer.PublicKey });
        var (_, eventId, _) = await EmailEventWebhookTests.UploadAsync(host, "antonov@clinic.example", "belova@clinic.example");
        var bounce = EmailEventWebhookTests.Events(new
        {
            email = "belova@clinic.example",
            timestamp = 1764064800,
            @event = "bounce",
            reason = "550 5.1.1 user unknown",
            status = "5.1.1",
            nmo_key = CertificateMailer.CertificateKey(await EmailEventWebhookTests.AttendeeAsync(host, eventId, "belova@clinic.example")),
            nmo_category = "certificate",
        });
        using var metrics = new MetricRecorder();

        Assert.Equal(HttpStatusCode.OK, (await EmailEventWebhookTests.PostAsync(host, bounce, signer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await EmailEventWebhookTests.PostAsync(host, bounce, signer)).StatusCode);

        Assert.Equal(1, metrics.Sum(NmoMetrics.CertificatesBouncedName, NmoMetrics.EmailStatusTag, EmailStatus.Bounced));
        Assert.Equal(1, metrics.Sum(NmoMetrics.CertificatesBouncedName));
    }

    [Fact]
    public async Task The_queue_timer_reports_a_poison_messages_depth_and_how_long_the_oldest_message_has_waited()
    {
        await using var host = await PipelineHost.StartAsync(azurite, tweak: o => o.EnableTimerTriggers = false);
        var poisoned = StorageNames.Queues.CreditNotices;
        await host.Storage.Queue(StorageNames.Queues.Poison(poisoned)).CreateIfNotExistsAsync();
        await host.Storage.Queue(StorageNames.Queues.Poison(poisoned)).SendMessageAsync("""{"doctorId":"doc-1"}""");

        // Nothing in the app reads the downstream queue: a message sent there waits.
        await host.Storage.Queue(StorageNames.Queues.CreditRecords).CreateIfNotExistsAsync();
        await host.Storage.Queue(StorageNames.Queues.CreditRecords).SendMessageAsync("""{"doctorId":"doc-1"}""");
        await Task.Delay(TimeSpan.FromSeconds(2));
        using var metrics = new MetricRecorder();

        await ActivatorUtilities.CreateInstance<QueueGaugeFunctions>(host.Services).MeasureQueues(new TimerInfo(), CancellationToken.None);

        Assert.Equal(1, metrics.Last(NmoMetrics.PoisonDepthName, NmoMetrics.QueueTag, poisoned));
        Assert.Equal(0, metrics.Last(NmoMetrics.PoisonDepthName, NmoMetrics.QueueTag, StorageNames.Queues.Certificates));
        Assert.InRange(metrics.Last(NmoMetrics.QueueOldestAgeName, NmoMetrics.QueueTag, StorageNames.Queues.CreditRecords) ?? -1, 1, 600);
        Assert.All(StorageNames.Queues.All, q => Assert.NotNull(metrics.Last(NmoMetrics.QueueOldestAgeName, NmoMetrics.QueueTag, q)));
    }
}
