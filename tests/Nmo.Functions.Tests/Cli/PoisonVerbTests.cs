using Nmo.Core.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Cli;

/// <summary><c>nmo poison list|replay QUEUE</c>, the built CLI run on Azurite as a user runs it.</summary>
public sealed class PoisonVerbTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Parked = """{"doctorId":"doc-1","entryId":"event|cardio","email":"antonov@clinic.example","code":"ABCD-EFGH2345"}""";

    [Fact]
    public async Task The_nmo_verbs_use_the_configured_storage()
    {
        var clients = azurite.Clients();
        await clients.EnsureCreatedAsync(CancellationToken.None);
        var queue = StorageNames.Queues.CreditNotices;
        var sent = await clients.Queue(StorageNames.Queues.Poison(queue)).SendMessageAsync(Parked);

        var (listCode, listed, _) = await NmoAsync("poison", "list", queue);
        Assert.Equal(0, listCode);
        Assert.Contains(sent.Value.MessageId, listed);
        Assert.Contains("ABCD-********", listed);
        Assert.DoesNotContain("antonov@clinic.example", listed);

        var (replayCode, replayed, _) = await NmoAsync("poison", "replay", StorageNames.Queues.Poison(queue));
        Assert.Equal(0, replayCode);
        Assert.Contains("Moved 1 message(s)", replayed);
        Assert.Equal([Parked], await new QueueDrain(clients).TakeAllAsync(queue));
    }

    [Fact]
    public async Task An_unknown_queue_or_action_is_a_usage_error()
    {
        foreach (var (action, queue) in new[] { ("list", "no-such-queue"), ("purge", StorageNames.Queues.Certificates) })
        {
            var (code, _, error) = await NmoAsync("poison", action, queue);

            Assert.Equal(2, code);
            Assert.StartsWith("usage: nmo poison list|replay QUEUE", error, StringComparison.Ordinal);
        }
    }

    /// <summary>Storage set the way a user sets it: an environment variable.</summary>
    private Task<(int ExitCode, string Output, string Error)> NmoAsync(params string[] args) =>
        NmoCli.RunAsync(new Dictionary<string, string> { [StorageNames.Connection] = azurite.ConnectionString }, args);
}
