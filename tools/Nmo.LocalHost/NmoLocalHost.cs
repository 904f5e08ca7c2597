using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Nmo.Core.Configuration;

namespace Nmo.LocalHost;

/// <summary>
/// The pipeline's real function classes on Kestrel and Azurite queues, composed by <c>AddNmoFunctions</c> exactly
/// as Program.cs composes them: what <c>nmo serve</c>, <c>nmo demo</c> and the tests run.
/// </summary>
public static class NmoLocalHost
{
    /// <param name="configuration">The app's settings (storage, code-hash key, e-mail).</param>
    /// <param name="port">Port on 127.0.0.1; 0 picks a free one.</param>
    /// <param name="tweak">Changes for local runs and tests: queue timings, logging, extra services.</param>
    public static WebApplication Build(IConfiguration configuration, int port, Action<NmoLocalHostOptions>? tweak = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Certificates link to the app. Unless configured, that is this host, so its port must be known before it starts.
        var settings = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(configuration[SettingNames.PublicBaseUrl]))
        {
            port = port == 0 ? FreePort() : port;
            settings[SettingNames.PublicBaseUrl] = $"http://127.0.0.1:{port}";
        }

        var options = new NmoLocalHostOptions(configuration, port, settings);
        tweak?.Invoke(options);
        return LocalFunctionHost.Build(options.ToHostOptions(FreePort));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
