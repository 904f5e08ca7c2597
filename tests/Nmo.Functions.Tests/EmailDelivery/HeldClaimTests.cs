using Nmo.Core.Email;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.LocalHost;
using Nmo.Testing;
using Nmo.Testing.Email;
using Microsoft.Extensions.DependencyInjection;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>
/// A host stopped in the middle of a send leaves its certificates claimed. The next delivery must not spend its
/// attempts on them before that claim is stale: they are sent once it is, and nothing ends in the poison queue.
/// </summary>
public sealed class HeldClaimTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Certificates_claimed_by_a_sender_that_died_are_sent_when_its_claim_goes_stale_and_nothing_is_poisoned()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["SendGrid:ApiKey"] = FakeSendGridServer.ApiKey,
            ["SendGrid:Host"] = sendGrid.Host,
            ["Email:Delivery:ClaimTimeout"] = "00:00:03",
        };

        // Three attempts a fifth of a second apart are over long before a three-second claim is stale.
        var queues = new QueueHostOptions
        {
            MaxPollingInterval = TimeSpan.FromMilliseconds(100),
            VisibilityTimeout = TimeSpan.FromMilliseconds(200),
            MaxDequeueCount = 3,
        };
        await using var host = await PipelineHost.StartAsync(azurite, settings, tweak: o => o.Queues = queues);
        var (upload, attendees) = await DeliveryWorld.SeedAsync(host.Services, 3);
        var states = host.Services.GetRequiredService<ICertificateStateStore>();
        var now = DateTimeOffset.UtcNow;
        var dead = await states.ClaimAsync(upload.EventId, [attendees[0].AttendeeKey], new EmailClaim("claim-of-a-stopped-host", now, now.AddMinutes(-10)), null, CancellationToken.None);
        Assert.Single(dead.Claimed);

        await host.Services.GetRequiredService<IMessageQueue>().SendAsync(
            StorageNames.Queues.Certificates, DeliveryWorld.MessageFor(upload, attendees), CancellationToken.None);

        var attendeeStore = host.Services.GetRequiredService<IAttendeeStore>();
        await Eventually.WaitUntilAsync(
            async () => (await attendeeStore.GetManyAsync(upload.EventId, [.. attendees.Select(a => a.AttendeeKey)], CancellationToken.None))
                .All(a => a.CertificateStatus == EmailStatus.Sent),
            TimeSpan.FromSeconds(30),
            "every certificate, the held one too, is sent");
        var sent = sendGrid.Requests.SelectMany(r => r.GetProperty("personalizations").EnumerateArray()).Count();
        Assert.Equal(3, sent);
        Assert.True(await host.Queues.IsEmptyAsync(StorageNames.Queues.Poison(StorageNames.Queues.Certificates)), "A certificate message went to the poison queue.");
        Assert.Equal(new EmailTally(3, 0), await states.TallyAsync(upload.EventId, upload.UploadId, CancellationToken.None));
    }
}
