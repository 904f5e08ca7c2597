using Nmo.LocalHost;

namespace Nmo.LocalHost.Tests;

public sealed class HostJsonSettingsTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(path);

    [Fact]
    public void The_route_prefix_and_queue_settings_are_read()
    {
        File.WriteAllText(path, """
            {
              "version": "2.0",
              "extensions": {
                "http": { "routePrefix": "/v1/" },
                "queues": { "maxPollingInterval": "00:00:03", "visibilityTimeout": "00:00:07", "batchSize": 4, "maxDequeueCount": 3, "newBatchThreshold": 2, "messageEncoding": "base64" }
              }
            }
            """);

        var settings = HostJsonSettings.Load(path);

        Assert.Equal("v1", settings.RoutePrefix);
        Assert.Equal(4, settings.Queues.BatchSize);
        Assert.Equal(2, settings.Queues.NewBatchThreshold);
        Assert.Equal(3, settings.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Queues.VisibilityTimeout);
    }

    [Fact]
    public void Without_a_new_batch_threshold_it_is_half_the_batch_size_as_in_azure()
    {
        File.WriteAllText(path, """{ "version": "2.0", "extensions": { "queues": { "batchSize": 4 } } }""");

        var settings = HostJsonSettings.Load(path);

        Assert.Equal(4, settings.Queues.BatchSize);
        Assert.Equal(2, settings.Queues.NewBatchThreshold);
    }

    [Fact]
    public void Missing_sections_take_the_functions_host_defaults()
    {
        File.WriteAllText(path, """{ "version": "2.0" }""");

        var settings = HostJsonSettings.Load(path);

        Assert.Equal("api", settings.RoutePrefix);
        Assert.Equal(new QueueHostOptions(), settings.Queues);
    }

    [Fact]
    public void A_message_encoding_other_than_base64_is_refused()
    {
        File.WriteAllText(path, """{ "extensions": { "queues": { "messageEncoding": "none" } } }""");

        var error = Assert.Throws<InvalidOperationException>(() => HostJsonSettings.Load(path));

        Assert.Contains("messageEncoding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_path_the_repositorys_host_json_is_found()
    {
        var settings = HostJsonSettings.Load(null);

        Assert.NotNull(settings.Path);
        Assert.Equal(File.ReadAllText(settings.Path), File.ReadAllText(Path.Combine(Nmo.Azurite.AzuriteInstallation.FindRepositoryRoot(), "host.json")));
    }
}
