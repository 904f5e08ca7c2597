using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Queues;
using Nmo.LocalHost;

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

        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        await environment.PrepareStorageAsync(cancellationToken);
        var poison = environment.Services.GetRequiredService<PoisonQueues>();
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
