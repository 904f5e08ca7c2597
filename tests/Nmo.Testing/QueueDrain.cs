using System.Text.Json;
using Nmo.Infrastructure.Queues;
using Nmo.Infrastructure.Storage;

namespace Nmo.Testing;

/// <summary>
/// The one way tests look into queues: wait until a host has processed everything in a queue, take the messages
/// off a queue nothing consumes (or that the test delivers itself), and replay poison messages as an operator does.
/// Works through its own clients, never through faults injected into the app's.
/// </summary>
public sealed class QueueDrain(StorageClients clients)
{
    private static readonly TimeSpan TakenFor = TimeSpan.FromMinutes(5);

    /// <summary>True when the queue holds no message, waiting or in flight.</summary>
    public async Task<bool> IsEmptyAsync(string queue) =>
        (await clients.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0;

    /// <summary>Waits until everything sent to the queue has been handled (deleted).</summary>
    /// <exception cref="TimeoutException">Messages were left after <paramref name="timeout"/> (default 60 s); it names them.</exception>
    public async Task WaitUntilEmptyAsync(string queue, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await IsEmptyAsync(queue))
        {
            if (DateTime.UtcNow > deadline)
            {
                var left = (await clients.Queue(queue).PeekMessagesAsync(32)).Value;
                throw new TimeoutException(
                    $"Queue {queue} was not emptied: " + string.Join("; ", left.Select(m => $"{m.Body} (dequeued {m.DequeueCount}x)")));
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Takes every message now in <paramref name="queue"/> off it; returns their texts (JSON), oldest first.</summary>
    public async Task<List<string>> TakeAllAsync(string queue)
    {
        var client = clients.Queue(queue);
        var bodies = new List<string>();
        while (true)
        {
            var messages = (await client.ReceiveMessagesAsync(32, TakenFor)).Value;
            if (messages.Length == 0)
            {
                return bodies;
            }

            foreach (var message in messages)
            {
                bodies.Add(message.Body.ToString());
                await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>Takes every message now in <paramref name="queue"/> off it, read as the pipeline writes them.</summary>
    public async Task<List<T>> TakeAllAsync<T>(string queue) =>
        [.. (await TakeAllAsync(queue)).Select(body => JsonSerializer.Deserialize<T>(body, StorageMessageQueue.Json)!)];

    /// <summary>Puts what is in <c>&lt;queue&gt;-poison</c> back on the queue, with the operator's own tool (<c>nmo poison replay</c>).</summary>
    public Task<int> ReplayPoisonAsync(string queue) => new PoisonQueues(clients).ReplayAsync(queue, CancellationToken.None);
}
