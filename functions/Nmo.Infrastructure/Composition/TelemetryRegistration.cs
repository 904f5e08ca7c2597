using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nmo.Infrastructure.Composition;

/// <summary>
/// Which spans and metrics are collected, and where they go. Spans: the pipeline's own (<see cref="NmoTelemetry"/>),
/// the Azure SDK's storage and Key Vault calls, HttpClient's requests (SendGrid) and ASP.NET Core's incoming requests
/// (which honour a caller's <c>traceparent</c>). Exporters: Azure Monitor when Application Insights is configured,
/// OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is, the console when <see cref="ConsoleSetting"/> is on
/// (<c>nmo serve</c>); none otherwise, so tests add their own in-memory one.
/// </summary>
public static class TelemetryRegistration
{
    public const string AzureMonitorSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ConsoleSetting = "Telemetry:Console";
    public const string ServiceName = "nmo";

    public static IReadOnlyList<string> TraceSources { get; } = [NmoTelemetry.Name, "Azure.*", "System.Net.Http", "Microsoft.AspNetCore"];

    public static IOpenTelemetryBuilder AddNmoTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // The runtimeconfig sets it too (Directory.Build.props); this covers a host built without it.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        IOpenTelemetryBuilder builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing.AddSource([.. TraceSources]))
            .WithMetrics(metrics => metrics.AddMeter(NmoTelemetry.Name));

        var connectionString = configuration[AzureMonitorSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // Application Insights has local auth disabled: the app's managed identity signs what it sends.
            var clientId = configuration["AZURE_CLIENT_ID"];
            builder = builder.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = string.IsNullOrWhiteSpace(clientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            });
        }

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            builder = builder.UseOtlpExporter();
        }
        else if (configuration.GetValue<bool>(ConsoleSetting))
        {
            builder = builder
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter());
        }

        return builder;
    }
}
