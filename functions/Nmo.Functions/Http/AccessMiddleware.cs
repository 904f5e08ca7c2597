using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Nmo.Functions.Http;

/// <summary>
/// In Azure, runs <see cref="AccessAnswer"/> before every HTTP function marked <see cref="RequiresRoleAttribute"/>
/// (those functions are anonymous to the Functions host: the app checks the caller, not the host's keys).
/// </summary>
public sealed class AccessMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, string?> Roles = new();

    public static bool IsHttpTriggered(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b => string.Equals(b.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (RoleOf(context.FunctionDefinition) is { } role)
        {
            // Fail closed: a protected function without its HttpContext is not run.
            var http = context.GetHttpContext()
                ?? throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' requires the role {role} but has no HttpContext.");
            if (await AccessAnswer.RefuseAsync(http, role, context.InstanceServices, context.CancellationToken))
            {
                return;
            }
        }

        await next(context);
    }

    private static string? RoleOf(FunctionDefinition function) =>
        Roles.GetOrAdd(function.EntryPoint, entryPoint =>
        {
            var split = entryPoint.LastIndexOf('.');
            var method = typeof(AccessMiddleware).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..])
                ?? throw new InvalidOperationException($"Function '{function.Name}': entry point '{entryPoint}' not found, so its access rule is unknown.");
            return AccessAnswer.RequiredRole(method);
        });
}
