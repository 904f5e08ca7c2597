using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nmo.Azurite;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

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
        var deadStorage = AzuriteConnectionStrings.For(deadPort, deadPort, deadPort);
        var settings = LocalHostFixture.Settings(deadStorage, "text-samples");
        await using var host = await TestHost.StartAsync(LocalHostFixture.BuildHost(settings, logs), settings);

        await Eventually.WaitUntilAsync(
            () => logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("is not reachable", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "the unreachable queue is reported");

        var response = await host.Http.GetAsync("/api/echo/still-up");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
