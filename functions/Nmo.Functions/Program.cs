using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nmo.Functions.Composition;
using Nmo.Functions.Http;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Registered after the ASP.NET Core integration, so it runs inside it: an HTTP function that fails because storage
// is down or throttling still has its HttpContext, and is answered 503 problem+json instead of the host's empty 500.
builder.UseMiddleware<StorageOutageMiddleware>();

// Telemetry reaches Application Insights with the app's identity (APPLICATIONINSIGHTS_AUTHENTICATION_STRING):
// the resource has local auth disabled.
builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

// The SDK adds a Warning-level filter for its own provider; the pipeline's Information logs should reach it too.
builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
{
    var rule = options.Rules.FirstOrDefault(r =>
        r.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
    if (rule is not null)
    {
        options.Rules.Remove(rule);
    }
});

builder.Services.AddNmoFunctions(builder.Configuration);
builder.Build().Run();
