using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nmo.Core.Telemetry;
using Nmo.Functions.Http;

namespace Nmo.LocalHost;

/// <summary>
/// Maps each HTTP function to an endpoint with its route and methods, so ASP.NET Core's routing answers unknown
/// paths with 404 and known paths with the wrong method with 405, as the Functions host does.
/// </summary>
internal static class HttpFunctionEndpoints
{
    public static void Map(WebApplication app, IEnumerable<LocalFunction> functions, string routePrefix)
    {
        foreach (var function in functions)
        {
            var pattern = "/" + LocalFunctionCatalog.Template(routePrefix, function.Route!);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name);
            var role = AccessAnswer.RequiredRole(function.Method);
            RequestDelegate handler = context => TracedAsync(function, role, pattern, context, logger);
            var endpoint = function.HttpMethods.Count == 0
                ? app.Map(pattern, handler)
                : app.MapMethods(pattern, function.HttpMethods, handler);
            endpoint.WithDisplayName("Functions." + function.Name);
        }
    }

    /// <summary>
    /// One server span per invocation, as the Functions worker makes in Azure. Its parent is ASP.NET Core's request
    /// activity, which carries a caller's <c>traceparent</c>.
    /// </summary>
    private static async Task TracedAsync(LocalFunction function, string? role, string pattern, HttpContext context, ILogger logger)
    {
        using var activity = NmoTelemetry.Source.StartActivity($"{context.Request.Method} {pattern}", ActivityKind.Server);
        activity?.SetTag("faas.name", function.Name);
        activity?.SetTag("http.request.method", context.Request.Method);
        activity?.SetTag("http.route", pattern);

        // What AccessMiddleware does in Azure.
        if (role is not null && await AccessAnswer.RefuseAsync(context, role, context.RequestServices, context.RequestAborted))
        {
            logger.LogInformation("Executed 'Functions.{Function}' (Refused, Status={Status}: requires {Role})", function.Name, context.Response.StatusCode, role);
        }
        else
        {
            await InvokeAsync(function, context, logger);
        }

        activity?.SetTag("http.response.status_code", context.Response.StatusCode);
        if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static async Task InvokeAsync(LocalFunction function, HttpContext context, ILogger logger)
    {
        var parameters = function.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            arguments[i] = type == typeof(HttpRequest) ? context.Request
                : type == typeof(CancellationToken) ? context.RequestAborted
                : context.Request.RouteValues.TryGetValue(parameters[i].Name!, out var value) ? value?.ToString()
                : null;
        }

        var started = Stopwatch.GetTimestamp();
        IActionResult? result;
        try
        {
            result = (IActionResult?)await FunctionInvoker.InvokeAsync(function, context.RequestServices, arguments);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Executed 'Functions.{Function}' (Cancelled: the client went away)", function.Name);
            return;
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (body size) surface while the function reads the body.
            logger.LogWarning("Executed 'Functions.{Function}' (Bad request {Status}: {Reason})", function.Name, ex.StatusCode, ex.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = ex.StatusCode;
            }

            return;
        }
        catch (Exception ex) when (StorageOutageAnswer.Applies(context, ex))
        {
            // What StorageOutageMiddleware answers in Azure.
            await StorageOutageAnswer.AnswerAsync(context, ex, logger, function.Name);
            return;
        }
        catch (Exception ex)
        {
            // The Functions host answers an unhandled exception with an empty 500.
            logger.LogError(ex, "Executed 'Functions.{Function}' (Failed, Duration={Duration}ms)", function.Name, Elapsed(started));
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        if (result is null)
        {
            logger.LogError("Executed 'Functions.{Function}' (Failed: it returned no IActionResult)", function.Name);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        try
        {
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(ex, "Executed 'Functions.{Function}' (Failed writing its {Result})", function.Name, result.GetType().Name);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            return;
        }

        logger.LogInformation(
            "Executed 'Functions.{Function}' (Succeeded, Status={Status}, Duration={Duration}ms)",
            function.Name,
            context.Response.StatusCode,
            Elapsed(started));
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
