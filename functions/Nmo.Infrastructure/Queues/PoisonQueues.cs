using System.Text;
using Azure.Storage.Queues.Models;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Queues;

/// <summary>
/// The poison queues of the pipeline's queues: what ended in <c>QUEUE-poison</c> after five failed attempts,
/// listed without its full text, and put back on its queue once the cause is fixed (<c>nmo poison</c>).
/// </summary>
public sealed class PoisonQueues(StorageClients clients)
{
    /// <summary>Storage allows peeking at no more than this many messages.</summary>
    public const int MaxPeek = 32;

    public const int PreviewLength = 160;

    /// <summary>The pipeline queue meant by <paramref name="queue"/> (its name, or its poison queue's), or null.</summary>
    public static string? MainQueue(string queue)
    {
        var name = queue.EndsWith("-poison", StringComparison.Ordinal) ? queue[..^"-poison".Length] : queue;
        return StorageNames.Queues.All.Contains(name, StringComparer.Ordinal) ? name : null;
    }

    public async Task<PoisonListing> ListAsync(string queue, CancellationToken cancellationToken)
    {
        var poison = clients.Queue(StorageNames.Queues.Poison(queue));
        var properties = await poison.GetPropertiesAsync(cancellationToken);
        var peeked = await poison.PeekMessagesAsync(MaxPeek, cancellationToken);
        return new PoisonListing(
            properties.Value.ApproximateMessagesCount,
            [.. peeked.Value.Select(m => new PoisonMessage(m.MessageId, m.InsertedOn, m.DequeueCount, Preview(m.Body)))]);
    }

    /// <summary>About how many messages <paramref name="queue"/>'s poison queue holds; 0 before the host ever made it.</summary>
    public async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        var poison = clients.Queue(StorageNames.Queues.Poison(queue));
        if (!await poison.ExistsAsync(cancellationToken))
        {
            return 0;
        }

        return (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }

    /// <summary>Sends each poison message back to its queue, then deletes it from the poison queue; returns how many moved.</summary>
    public async Task<int> ReplayAsync(string queue, CancellationToken cancellationToken)
    {
        var main = clients.Queue(queue);
        var poison = clients.Queue(StorageNames.Queues.Poison(queue));
        await main.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var moved = 0;
        while (true)
        {
            // Hidden for a minute while moved: a crash midway leaves them to reappear in the poison queue, not lost.
            QueueMessage[] batch = (await poison.ReceiveMessagesAsync(MaxPeek, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return moved;
            }

            foreach (var message in batch)
            {
                await main.SendMessageAsync(message.Body, timeToLive: StorageMessageQueue.NoExpiry, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }
    }

    /// <summary>
    /// Gives every message in <paramref name="queue"/>'s poison queue that would expire a copy that never does, then
    /// deletes the expiring one; returns how many were copied. The Functions host copies a failed message to the poison
    /// queue with Storage's default time-to-live (7 days, not configurable from the worker), so a timer runs this well
    /// within that time (<c>PoisonQueueFunctions</c>). A crash between copy and delete leaves a duplicate, never a loss;
    /// the handlers are idempotent, so a replay of both is harmless.
    /// </summary>
    public async Task<int> KeepAsync(string queue, CancellationToken cancellationToken)
    {
        var poison = clients.Queue(StorageNames.Queues.Poison(queue));
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var kept = 0;
        while (true)
        {
            // Messages already kept stay hidden for these seconds, so the loop ends once every visible one was seen.
            QueueMessage[] batch = (await poison.ReceiveMessagesAsync(MaxPeek, TimeSpan.FromSeconds(30), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                return kept;
            }

            foreach (var message in batch.Where(m => m.ExpiresOn is { } expires && expires < NeverExpires))
            {
                await poison.SendMessageAsync(message.Body, timeToLive: StorageMessageQueue.NoExpiry, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                kept++;
            }
        }
    }

    /// <summary>Storage reports a message sent with no expiry as expiring on 9999-12-31.</summary>
    private static readonly DateTimeOffset NeverExpires = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The message text, addresses and codes masked, cut short.</summary>
    public static string Preview(BinaryData body)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(body.ToMemory().Span);
        }
        catch (ArgumentException)
        {
            text = "(binary)";
        }

        var masked = LogMask.Redact(text.ReplaceLineEndings(" "));
        return masked.Length > PreviewLength ? masked[..PreviewLength] + "…" : masked;
    }
}
