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
