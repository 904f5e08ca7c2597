using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Functions.Timers;
using Nmo.Infrastructure.Queues;
using Nmo.Infrastructure.Tables;
using Nmo.Testing;
using Nmo.Testing.Email;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// The process stops between an upload's record and its queue message (here: the message cannot be written).
/// The upload stays "received" until the timer sweep queues it again; then it is processed as usual.
/// </summary>
public sealed class StuckUploadSweepTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_upload_whose_message_was_lost_is_queued_again_by_the_sweep_and_completes()
    {
        var lose = new LosingQueue { Losing = true };
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = Scenario.Settings(sendGrid);
        settings["Uploads:StuckAfter"] = "00:00:02";
        await using var host = await PipelineHost.StartAsync(
            azurite, settings,
            services: s => s.AddSingleton<IMessageQueue>(sp => lose.Wrap(ActivatorUtilities.CreateInstance<StorageMessageQueue>(sp))),
            tweak: o => o.EnableTimerTriggers = false);
        var provider = await Scenario.ProviderWithEventAsync(host, "stuck-school");

        var response = await provider.PostAsync("api/events/stuck-school/attendance", new ByteArrayContent(Scenario.Csv(0, 10)));
        Assert.False(response.IsSuccessStatusCode);
        lose.Losing = false;
        var upload = await OnlyUploadAsync(host, "stuck-school");
        Assert.Equal(UploadStatus.Received, upload.Status);

        var sweep = ActivatorUtilities.CreateInstance<UploadSweepFunctions>(host.Services);

        // Younger than StuckAfter: it may still be on its way, so it is left alone.
        await sweep.SweepStuckUploads(new TimerInfo(), CancellationToken.None);
        await Task.Delay(1000);
        Assert.Equal(UploadStatus.Received, (await host.Services.GetRequiredService<IUploadStore>().FindAsync(upload.UploadId, CancellationToken.None))!.Status);

        await Task.Delay(1500);
        await sweep.SweepStuckUploads(new TimerInfo(), CancellationToken.None);
        var status = await PipelineHost.WaitForUploadAsync(provider, upload.UploadId, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(10, status["issued"]!.GetValue<int>());
        await Eventually.WaitUntilAsync(
            async () => (await Scenario.EntitiesAsync(host, StorageNames.Tables.Attendees, TableAttendeeStore.AttendeesOf("stuck-school"))).All(a => a.GetString("CertificateStatus") == "sent"),
            TimeSpan.FromSeconds(30), "the certificates to go out");
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "stuck-school", 10);

        // Completed uploads are not swept again.
        Assert.Equal(0, await host.Services.GetRequiredService<UploadSweeper>().SweepAsync(CancellationToken.None));
    }

    private static async Task<UploadRecord> OnlyUploadAsync(PipelineHost host, string eventId)
    {
        var records = await Scenario.EntitiesAsync(host, StorageNames.Tables.Uploads, $"EventId eq '{eventId}' and RowKey eq 'upload'");
        var id = Assert.Single(records).PartitionKey;
        return (await host.Services.GetRequiredService<IUploadStore>().FindAsync(id, CancellationToken.None))!;
    }

    private sealed class LosingQueue
    {
        public bool Losing { get; set; }

        public IMessageQueue Wrap(IMessageQueue inner) => new Queue(inner, this);

        private sealed class Queue(IMessageQueue inner, LosingQueue owner) : IMessageQueue
        {
            public Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
                where T : notnull =>
                owner.Losing && queue == StorageNames.Queues.Uploads
                    ? throw new IOException("Injected fault: the process stopped before the upload message was written.")
                    : inner.SendAsync(queue, message, cancellationToken);

            public Task SendAsync<T>(string queue, T message, TimeSpan visibleAfter, CancellationToken cancellationToken)
                where T : notnull =>
                inner.SendAsync(queue, message, visibleAfter, cancellationToken);
        }
    }
}
