using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Cli.Azurite;
using Nmo.Cli.Hosting;
using Nmo.Functions.Tests.LocalHost.Samples;

namespace Nmo.Functions.Tests.LocalHost;

public sealed class LocalFunctionHostResilienceTests
{
    [Fact]
    public async Task Unreachable_storage_is_reported_while_the_http_api_keeps_serving()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var deadPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var logs = new LogCapture();
        await using var app = LocalFunctionHost.Build(new LocalHostOptions
        {
            FunctionsAssembly = typeof(SampleQueueFunctions).Assembly,
            TypeFilter = t => t.Namespace == typeof(SampleQueueFunctions).Namespace,
            Settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = AzuriteLauncher.ConnectionStringFor(deadPort, deadPort, deadPort),
                [SampleQueueFunctions.TextQueueSetting] = "text-samples",
            },
            ConfigureServices = (services, _) => services.AddSingleton<SampleRecorder>(),
            Queues = LocalHostFixture.FastQueues,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
            },
        });
        await app.StartAsync();
        try
        {
            await Eventually.WaitUntilAsync(
                () => logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("is not reachable", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60),
                "the unreachable queue is reported");

            using var http = new HttpClient { BaseAddress = new Uri(LocalFunctionHost.GetAddress(app)) };
            var response = await http.GetAsync("/api/echo/still-up");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
