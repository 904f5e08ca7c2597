using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Nmo.LocalHost.Tests.Samples;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

public sealed class LocalFunctionHostQueueTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private QueueClient Samples => fixture.Storage.Queue(SampleQueueFunctions.Queue);

    private QueueClient SamplesPoison => fixture.Storage.Queue(SampleQueueFunctions.Queue + "-poison");

    [Fact]
    public async Task A_message_sent_with_the_apps_storage_clients_is_delivered_once_and_deleted()
    {
        var id = NewId();

        await Samples.SendMessageAsync(JsonSerializer.Serialize(new SampleMessage(id, "ok"), Web));

        await Eventually.WaitUntilAsync(() => fixture.Recorder.FinishedCount(id) == 1, Patience, "the function has run");
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "the message is deleted");
        await Task.Delay(1000);
        Assert.Equal(1, fixture.Recorder.StartedCount(id));
    }

    [Fact]
    public async Task A_string_message_reaches_a_function_whose_queue_name_is_a_setting()
    {
        var text = "hello " + NewId();

        await fixture.Storage.Queue("text-samples").SendMessageAsync(text);

        await Eventually.WaitUntilAsync(() => fixture.Recorder.FinishedCount(text) == 1, Patience, "the text function has run");
    }

    [Fact]
    public async Task A_failing_message_is_tried_five_times_then_moved_to_the_poison_queue_as_sent()
    {
        var id = NewId();
        var text = JsonSerializer.Serialize(new SampleMessage(id, "fail"), Web);

        await Samples.SendMessageAsync(text);

        await Eventually.WaitUntilAsync(async () => await PoisonTextsAsync() is var texts && texts.Contains(text), Patience, "the message is in the poison queue");
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "the message is gone from the queue");
        await Task.Delay(1000);
        Assert.Equal(5, fixture.Recorder.StartedCount(id));
        Assert.Equal(0, fixture.Recorder.FinishedCount(id));
        Assert.Contains(fixture.Logs.Entries, e => e.Message.Contains("samples-poison", StringComparison.Ordinal) && e.Message.Contains("failed 5 times", StringComparison.Ordinal));
        var parked = Assert.Single((await SamplesPoison.PeekMessagesAsync(32)).Value, m => m.Body.ToString() == text);
        Assert.Equal(9999, parked.ExpiresOn!.Value.Year); // waits for an operator however long, not 7 days
    }

    [Fact]
    public async Task A_message_that_is_not_the_records_json_goes_to_poison_without_running_the_function()
    {
        var before = fixture.Recorder.TotalStarted;
        var text = "not json " + NewId();

        await Samples.SendMessageAsync(text);

        await Eventually.WaitUntilAsync(async () => (await PoisonTextsAsync()).Contains(text), Patience, "the message is in the poison queue");
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "the message is gone from the queue");
        Assert.Equal(before, fixture.Recorder.TotalStarted);
        Assert.Contains(fixture.Logs.Entries, e => e.Message.Contains("cannot be read as SampleMessage", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_and_does_not_block_the_others()
    {
        var raw = new QueueClient(fixture.Azurite.ConnectionString, SampleQueueFunctions.Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var plain = "{\"id\":\"" + NewId() + "\",\"action\":\"ok\"} sent as plain text";
        var good = NewId();

        await raw.SendMessageAsync(plain);
        await Samples.SendMessageAsync(JsonSerializer.Serialize(new SampleMessage(good, "ok"), Web));

        await Eventually.WaitUntilAsync(() => fixture.Recorder.FinishedCount(good) == 1, Patience, "the good message is processed");
        await Eventually.WaitUntilAsync(async () => (await PoisonTextsAsync()).Contains(plain), Patience, "the plain-text message is in the poison queue");
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "both messages are gone from the queue");
        Assert.Contains(fixture.Logs.Entries, e => e.Message.Contains("not Base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_function_running_longer_than_the_lease_keeps_its_message_and_runs_once()
    {
        var id = NewId();
        var sleep = (int)(LocalHostFixture.FastQueues.Lease.TotalMilliseconds * 2.5);

        await Samples.SendMessageAsync(JsonSerializer.Serialize(new SampleMessage(id, $"sleep:{sleep}"), Web));

        await Eventually.WaitUntilAsync(() => fixture.Recorder.FinishedCount(id) == 1, Patience, "the slow function has finished");
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "the message is deleted");
        Assert.Equal(1, fixture.Recorder.StartedCount(id));
    }

    [Fact]
    public async Task Messages_are_processed_in_parallel_up_to_the_batch_size()
    {
        var ids = Enumerable.Range(0, 6).Select(_ => NewId()).ToList();
        var started = DateTime.UtcNow;

        await Task.WhenAll(ids.Select(id => Samples.SendMessageAsync(JsonSerializer.Serialize(new SampleMessage(id, "sleep:1500"), Web))));

        await Eventually.WaitUntilAsync(() => ids.All(id => fixture.Recorder.FinishedCount(id) == 1), Patience, "all six have run");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(6), "six 1.5 s functions ran one after another");
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "all are deleted");
    }

    [Fact]
    public async Task As_in_Azure_a_new_batch_is_fetched_at_the_threshold_so_batch_size_plus_threshold_run_at_once()
    {
        var group = NewId();
        var options = LocalHostFixture.FastQueues;
        var ids = Enumerable.Range(0, 2 * options.BatchSize).Select(_ => NewId()).ToList();
        async Task SendAsync(IEnumerable<string> some)
        {
            foreach (var id in some)
            {
                await Samples.SendMessageAsync(JsonSerializer.Serialize(new SampleMessage(id, "hold:" + group), Web));
            }
        }

        await SendAsync(ids.Take(options.BatchSize));
        await Eventually.WaitUntilAsync(() => fixture.Recorder.Held(group) == options.BatchSize, Patience, "a batch is running");
        await SendAsync(ids.Skip(options.BatchSize));
        await Task.Delay(1000);
        Assert.Equal(options.BatchSize, fixture.Recorder.Held(group)); // more than the threshold run: nothing fetched

        // Down to the threshold, the host fetches a whole batch, as the Functions host does.
        fixture.Recorder.Release(group, options.BatchSize - options.NewBatchThreshold);
        var most = options.BatchSize + options.NewBatchThreshold;
        await Eventually.WaitUntilAsync(() => fixture.Recorder.Held(group) == most, Patience, "batch size plus threshold are running");
        await Task.Delay(1000);
        Assert.Equal(most, fixture.Recorder.Held(group));

        await Eventually.WaitUntilAsync(
            () =>
            {
                fixture.Recorder.Release(group, ids.Count);
                return ids.All(id => fixture.Recorder.FinishedCount(id) == 1);
            },
            Patience,
            "all have run");

        Assert.Equal(most, fixture.Recorder.MostHeld(group));
        await Eventually.WaitUntilAsync(QueueIsEmptyAsync, Patience, "all are deleted");
    }

    [Fact]
    public async Task Stopping_the_host_lets_a_running_function_finish_and_settles_its_message()
    {
        var queue = "text-shutdown";
        var settings = LocalHostFixture.Settings(fixture.Azurite.ConnectionString, queue);
        await using var host = await TestHost.StartAsync(LocalHostFixture.BuildHost(settings, new LogCapture()), settings);
        var recorder = host.Services.GetRequiredService<SampleRecorder>();
        var text = "sleep:1500:" + NewId();
        await host.Storage.Queue(queue).CreateIfNotExistsAsync();
        await host.Storage.Queue(queue).SendMessageAsync(text);
        await Eventually.WaitUntilAsync(() => recorder.StartedCount(text) == 1, Patience, "the function has started");

        await host.StopAsync();

        Assert.Equal(1, recorder.FinishedCount(text));
        Assert.True(await host.Queues.IsEmptyAsync(queue), "the message is left in the queue");
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private Task<bool> QueueIsEmptyAsync() => fixture.Host.Queues.IsEmptyAsync(SampleQueueFunctions.Queue);

    private async Task<List<string>> PoisonTextsAsync()
    {
        if (!(await SamplesPoison.ExistsAsync()).Value)
        {
            return [];
        }

        var peeked = await SamplesPoison.PeekMessagesAsync(32);
        return [.. peeked.Value.Select(m => m.Body.ToString())];
    }
}
