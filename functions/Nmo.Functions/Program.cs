using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nmo.Functions.Composition;
using Nmo.Functions.Http;
using Nmo.Functions.Queues;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Registered after the ASP.NET Core integration, so it runs inside it: an HTTP function that fails because storage
// is down or throttling still has its HttpContext, and is answered 503 problem+json instead of the host's empty 500.
builder.UseMiddleware<StorageOutageMiddleware>();

// The portal's and the operators' routes need an Entra ID token with their app role (issue 16); after the outage
// middleware, so a refusal never touches storage.
builder.UseWhen<AccessMiddleware>(AccessMiddleware.IsHttpTriggered);

// A queue-triggered invocation continues the trace its message carries (issue 16).
builder.UseWhen<QueueTraceMiddleware>(QueueTraceMiddleware.IsQueueTriggered);

// OpenTelemetry, not the Application Insights SDK: AddNmoFunctions registers the sources and the Azure Monitor
// exporter (with the app's identity: Application Insights has local auth disabled); this adds the worker's own
// invocation spans, parented to the host's, and its resource attributes.
builder.Services.AddNmoFunctions(builder.Configuration);
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Build().Run();
