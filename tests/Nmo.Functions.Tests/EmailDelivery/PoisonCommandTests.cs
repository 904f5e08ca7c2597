using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Nmo.Cli.Commands;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Support;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary><c>nmo poison list|replay QUEUE</c> on Azurite.</summary>
public sealed class PoisonCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
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
        var back = new List<string>();
        while ((await clients.Queue(queue).ReceiveMessagesAsync(32)).Value is { Length: > 0 } batch)
        {
            back.AddRange(batch.Select(m => m.Body.ToString()));
        }

        Assert.Equal(bodies.Order(), back.Order());
    }

    [Fact]
    public async Task The_nmo_verbs_use_the_configured_storage()
    {
        var (clients, queue) = await EmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var sent = await clients.Queue(StorageNames.Queues.Poison(queue)).SendMessageAsync(Parked);

        var (listCode, listed) = await NmoAsync("poison", "list", queue);
        Assert.Equal(0, listCode);
        Assert.Contains(sent.Value.MessageId, listed);
        Assert.Contains("ABCD-********", listed);
        Assert.DoesNotContain("antonov@clinic.example", listed);

        var (replayCode, replayed) = await NmoAsync("poison", "replay", StorageNames.Queues.Poison(queue));
        Assert.Equal(0, replayCode);
        Assert.Contains("Moved 1 message(s)", replayed);
        var back = Assert.Single((await clients.Queue(queue).ReceiveMessagesAsync(32)).Value);
        Assert.Equal(Parked, back.Body.ToString());
    }

    [Theory]
    [InlineData("certificate-emails", "certificate-emails")]
    [InlineData("certificate-emails-poison", "certificate-emails")]
    [InlineData("no-such-queue", null)]
    public void The_queue_is_named_by_its_own_or_its_poison_queue_name(string given, string? expected) =>
        Assert.Equal(expected, PoisonQueues.MainQueue(given));

    [Fact]
    public async Task An_unknown_queue_or_action_is_a_usage_error()
    {
        Assert.Equal(2, await PoisonCommand.RunAsync("list", "no-such-queue", CancellationToken.None));
        Assert.Equal(2, await PoisonCommand.RunAsync("purge", StorageNames.Queues.Certificates, CancellationToken.None));
    }

    /// <summary>Runs the built <c>nmo</c> in an empty directory with storage set the way a user sets it: an environment variable.</summary>
    private async Task<(int ExitCode, string Output)> NmoAsync(params string[] args)
    {
        var directory = Directory.CreateTempSubdirectory("nmo-poison-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nmo.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[StorageNames.Connection] = azurite.ConnectionString;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Every test works on its own storage account state: the queues are emptied first.</summary>
    private async Task<(StorageClients Clients, string Queue)> EmptyQueueAsync(string queue)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = azurite.ConnectionString })
            .Build();
        var clients = new StorageClients(configuration);
        await clients.EnsureCreatedAsync(CancellationToken.None);
        await clients.Queue(queue).ClearMessagesAsync();
        await clients.Queue(StorageNames.Queues.Poison(queue)).ClearMessagesAsync();
        return (clients, queue);
    }
}
