using Nmo.Core.Storage;
using Nmo.Infrastructure.Queues;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;

namespace Nmo.Infrastructure.Tests.Queues;

/// <summary>What <c>nmo poison list|replay QUEUE</c> does, on Azurite: list masked, replay everything.</summary>
public sealed class PoisonQueuesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Parked = """{"doctorId":"doc-1","entryId":"event|cardio","email":"antonov@clinic.example","code":"ABCD-EFGH2345"}""";

    [Fact]
    public async Task List_shows_id_time_dequeue_count_and_a_masked_preview()
    {
        var (clients, queue) = await EmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var sent = await clients.Queue(StorageNames.Queues.Poison(queue)).SendMessageAsync(Parked);

        var listing = await new PoisonQueues(clients).ListAsync(queue, CancellationToken.None);

        Assert.Equal(1, listing.ApproximateCount);
        var message = Assert.Single(listing.Messages);
        Assert.Equal(sent.Value.MessageId, message.MessageId);
        Assert.NotNull(message.InsertedOn);
        Assert.Equal(0, message.DequeueCount);
        Assert.Contains("doc-1", message.Preview);
        Assert.DoesNotContain("antonov@clinic.example", message.Preview);
        Assert.DoesNotContain("EFGH2345", message.Preview);
        Assert.Contains("a***@c***.example", message.Preview);
        Assert.Contains("ABCD-********", message.Preview);
    }

    [Fact]
    public async Task Replay_moves_every_message_back_to_its_queue_and_empties_the_poison_queue()
    {
        var (clients, queue) = await EmptyQueueAsync(StorageNames.Queues.Certificates);
        var poison = clients.Queue(StorageNames.Queues.Poison(queue));
        var bodies = Enumerable.Range(0, 40).Select(i => $$"""{"uploadId":"upl-{{i}}","eventId":"ev","attendeeKeys":["k{{i}}"]}""").ToList();
        foreach (var body in bodies)
        {
            await poison.SendMessageAsync(body);
        }

        var moved = await new PoisonQueues(clients).ReplayAsync(queue, CancellationToken.None);

        Assert.Equal(40, moved);
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
        var back = await new QueueDrain(clients).TakeAllAsync(queue);

        Assert.Equal(bodies.Order(), back.Order());
    }

    [Fact]
    public async Task What_the_pipeline_queues_never_expires()
    {
        var (clients, queue) = await EmptyQueueAsync(StorageNames.Queues.CreditRecords);

        await new StorageMessageQueue(clients).SendAsync(queue, new { doctorId = "doc-1", entryId = "event|cardio" }, CancellationToken.None);

        var message = Assert.Single((await clients.Queue(queue).PeekMessagesAsync(32)).Value);
        Assert.Equal(9999, message.ExpiresOn!.Value.Year);
    }

    [Fact]
    public async Task Keep_gives_the_hosts_seven_day_poison_copies_no_expiry_and_loses_none()
    {
        var (clients, queue) = await EmptyQueueAsync(StorageNames.Queues.Uploads);
        var poison = clients.Queue(StorageNames.Queues.Poison(queue));
        var bodies = Enumerable.Range(0, 20).Select(i => $$"""{"uploadId":"upl-{{i}}","eventId":"ev"}""").ToList();
        foreach (var body in bodies)
        {
            // As the Functions host copies a failed message: Storage's default time-to-live, 7 days.
            await poison.SendMessageAsync(body);
        }

        const string AlreadyKept = """{"uploadId":"upl-kept","eventId":"ev"}""";
        await poison.SendMessageAsync(AlreadyKept, timeToLive: StorageMessageQueue.NoExpiry);

        var kept = await new PoisonQueues(clients).KeepAsync(queue, CancellationToken.None);

        Assert.Equal(20, kept);
        await Task.Delay(TimeSpan.FromSeconds(31)); // what the timer looked at stays hidden for 30 s
        var all = (await poison.PeekMessagesAsync(32)).Value;
        Assert.Equal(bodies.Append(AlreadyKept).Order(), all.Select(m => m.Body.ToString()).Order());
        Assert.All(all, m => Assert.Equal(9999, m.ExpiresOn!.Value.Year));
    }

    [Fact]
    public async Task Replayed_messages_never_expire_on_their_queue()
    {
        var (clients, queue) = await EmptyQueueAsync(StorageNames.Queues.CreditNotices);
        await clients.Queue(StorageNames.Queues.Poison(queue)).SendMessageAsync(Parked);

        await new PoisonQueues(clients).ReplayAsync(queue, CancellationToken.None);

        var message = Assert.Single((await clients.Queue(queue).PeekMessagesAsync(32)).Value);
        Assert.Equal(9999, message.ExpiresOn!.Value.Year);
    }

    [Theory]
    [InlineData("certificate-emails", "certificate-emails")]
    [InlineData("certificate-emails-poison", "certificate-emails")]
    [InlineData("no-such-queue", null)]
    public void The_queue_is_named_by_its_own_or_its_poison_queue_name(string given, string? expected) =>
        Assert.Equal(expected, PoisonQueues.MainQueue(given));

    /// <summary>Every test works on its own storage account state: the queues are emptied first.</summary>
    private async Task<(StorageClients Clients, string Queue)> EmptyQueueAsync(string queue)
    {
        var clients = azurite.Clients();
        await clients.EnsureCreatedAsync(CancellationToken.None);
        await clients.Queue(queue).ClearMessagesAsync();
        await clients.Queue(StorageNames.Queues.Poison(queue)).ClearMessagesAsync();
        return (clients, queue);
    }
}
