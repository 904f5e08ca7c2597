using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Nmo.LocalHost;

/// <summary>Creates the function's class from the invocation's scope, as the worker does, and calls the method.</summary>
internal static class FunctionInvoker
{
    /// <returns>The awaited result (null for Task, ValueTask and void).</returns>
    public static async Task<object?> InvokeAsync(LocalFunction function, IServiceProvider services, object?[] arguments)
    {
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
        try
        {
            var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            return await AwaitAsync(returned, method.ReturnType).ConfigureAwait(false);
        }
        finally
        {
            // ActivatorUtilities instances are not tracked by the scope, so they are disposed here.
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static async Task<object?> AwaitAsync(object? returned, Type returnType)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return returnType.IsGenericType ? returnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            case not null when returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>):
                var asTask = (Task)returnType.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
                await asTask.ConfigureAwait(false);
                return asTask.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(asTask);
            default:
                return returned;
        }
    }
}
