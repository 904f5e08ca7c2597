using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Nmo.Core.Messaging;

namespace Nmo.Functions.Queues;

/// <summary>
/// In Azure, the one place a queue-triggered invocation takes up the trace its message carries (<c>nmo serve</c>'s
/// queue listener does the same): the Functions host starts a new trace per dequeue, which would cut an upload's
/// trace at every queue hop. The raw message is the host's <c>QueueTrigger</c> binding datum.
/// </summary>
public sealed class QueueTraceMiddleware : IFunctionsWorkerMiddleware
{
    private static readonly ConcurrentDictionary<string, string> QueueNames = new();

    public static bool IsQueueTriggered(FunctionContext context) =>
        context.FunctionDefinition.InputBindings.Values.Any(b => string.Equals(b.Type, "queueTrigger", StringComparison.OrdinalIgnoreCase));

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var body = context.BindingContext.BindingData.TryGetValue("QueueTrigger", out var raw) ? raw?.ToString() : null;
        using var activity = MessageTrace.StartProcess(QueueOf(context.FunctionDefinition), context.FunctionDefinition.Name, body);
        await next(context);
    }

    private static string QueueOf(FunctionDefinition function) =>
        QueueNames.GetOrAdd(function.EntryPoint, entryPoint =>
        {
            var split = entryPoint.LastIndexOf('.');
            var method = typeof(QueueTraceMiddleware).Assembly.GetType(entryPoint[..split])?.GetMethod(entryPoint[(split + 1)..]);
            var trigger = method?.GetParameters().Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null);
            return trigger?.QueueName ?? function.Name;
        });
}
