using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

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
        var options = new NmoLocalHostOptions(configuration, port);
        tweak?.Invoke(options);
        return LocalFunctionHost.Build(options.ToHostOptions());
    }
}
