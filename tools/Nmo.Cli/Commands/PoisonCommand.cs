using System.Globalization;
using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Nmo.Cli.Local;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;

namespace Nmo.Cli.Commands;

/// <summary>
/// <c>nmo poison list QUEUE</c> and <c>nmo poison replay QUEUE</c>: what ended in <c>QUEUE-poison</c> after five
/// failed attempts, and putting it back once the cause is fixed. Uses the configured storage, as every verb does.
/// </summary>
public static class PoisonCommand
{
    public static async Task<int> RunAsync(string action, string queue, CancellationToken cancellationToken)
    {
        var name = PoisonQueues.MainQueue(queue);
        if (action is not ("list" or "replay") || name is null)
        {
            Console.Error.WriteLine($"usage: nmo poison list|replay QUEUE   (QUEUE: {string.Join(", ", StorageNames.Queues.All)})");
            return 2;
        }

        await using var environment = await CliEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        var poison = new PoisonQueues(await environment.PrepareStorageAsync(cancellationToken));
        if (action == "list")
        {
            var listing = await poison.ListAsync(name, cancellationToken);
            Console.WriteLine($"{StorageNames.Queues.Poison(name)}: about {listing.ApproximateCount} message(s)");
            foreach (var m in listing.Messages)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.MessageId}  {m.InsertedOn:yyyy-MM-dd HH:mm:ss}Z  dequeued {m.DequeueCount}  {m.Preview}"));
            }

            if (listing.ApproximateCount > listing.Messages.Count)
            {
                Console.WriteLine($"(showing the first {listing.Messages.Count}: a queue can be looked at only that far without taking messages)");
            }

            return 0;
        }

        var moved = await poison.ReplayAsync(name, cancellationToken);
        Console.WriteLine($"Moved {moved} message(s) from {StorageNames.Queues.Poison(name)} back to {name}.");
        return 0;
    }
}

/// <summary>One poison message as listed: never its full text, which may hold addresses or codes.</summary>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Preview);

public sealed record PoisonListing(int ApproximateCount, IReadOnlyList<PoisonMessage> Messages);

/// <summary>The poison queues of the pipeline's queues.</summary>
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
                await main.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                moved++;
            }
        }
    }

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
