using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;
using Nmo.Core.Storage;

namespace Nmo.LocalHost;

/// <summary>
/// Finds the functions of a Functions assembly by reflection over its <c>[Function]</c> methods and trigger
/// attributes, and checks them against the conventions the local host relies on, so a function it could not run
/// exactly as Azure does stops the start-up with a clear message instead of misbehaving later.
/// </summary>
public static class LocalFunctionCatalog
{
    /// <summary>
    /// All functions in <paramref name="assembly"/>, sorted by name. Queue names written as <c>%Setting%</c> are
    /// returned as written; the host resolves them from configuration.
    /// </summary>
    /// <exception cref="LocalFunctionConventionException">Some function breaks the conventions (all are listed).</exception>
    public static IReadOnlyList<LocalFunction> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Discover(LoadableTypes(assembly));
    }

    /// <summary>The functions declared by <paramref name="types"/> (a part of an assembly, e.g. in tests).</summary>
    /// <exception cref="LocalFunctionConventionException">Some function breaks the conventions (all are listed).</exception>
    public static IReadOnlyList<LocalFunction> Discover(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var functions = new List<LocalFunction>();
        var problems = new List<string>();
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                var where = $"function '{function.Name}' ({type.FullName}.{method.Name})";
                var errors = new List<string>();
                var found = Inspect(function.Name, method, errors);
                problems.AddRange(errors.Select(e => $"{where}: {e}"));
                if (found is not null && errors.Count == 0)
                {
                    functions.Add(found);
                }
            }
        }

        foreach (var duplicate in functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"function name '{duplicate.Key}' is used by {duplicate.Count()} methods; the Functions host needs unique names.");
        }

        if (problems.Count > 0)
        {
            throw new LocalFunctionConventionException(problems);
        }

        return [.. functions.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    internal static string Template(string routePrefix, string route)
    {
        var prefix = routePrefix.Trim('/');
        route = route.Trim('/');
        return prefix.Length == 0 ? route : route.Length == 0 ? prefix : $"{prefix}/{route}";
    }

    internal static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.Where(t => t is not null)!;
        }
    }

    private static LocalFunction? Inspect(string name, MethodInfo method, List<string> errors)
    {
        var parameters = method.GetParameters();
        var triggers = parameters
            .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<TriggerBindingAttribute>()))
            .Where(t => t.Attribute is not null)
            .ToList();
        if (triggers.Count != 1)
        {
            errors.Add($"needs exactly one trigger parameter, found {triggers.Count}.");
            return null;
        }

        if (method.ReturnParameter.GetCustomAttributes<OutputBindingAttribute>(inherit: true).Any() ||
            parameters.Any(p => p.GetCustomAttribute<OutputBindingAttribute>() is not null) ||
            parameters.Any(p => p.GetCustomAttribute<InputBindingAttribute>() is not null))
        {
            errors.Add("input and output bindings are not supported by the local host; use the injected storage clients.");
        }

        if (method.DeclaringType is { IsAbstract: true, IsSealed: true } && !method.IsStatic)
        {
            errors.Add("cannot be an instance method of a static class.");
        }
        else if (!method.IsStatic && method.DeclaringType is { IsAbstract: true } or { IsInterface: true } or { ContainsGenericParameters: true })
        {
            errors.Add("its class must be a concrete, non-generic class created from dependency injection.");
        }

        var (trigger, attribute) = triggers[0];
        return attribute switch
        {
            HttpTriggerAttribute http => InspectHttp(name, method, trigger, http, errors),
            QueueTriggerAttribute queue => InspectQueue(name, method, trigger, queue, errors),
            TimerTriggerAttribute timer => InspectTimer(name, method, trigger, timer, errors),
            _ => new LocalFunction(name, LocalFunctionKind.Unsupported, method, null, [], null, null, TriggerName(attribute!)),
        };
    }

    private static LocalFunction InspectHttp(string name, MethodInfo method, ParameterInfo trigger, HttpTriggerAttribute http, List<string> errors)
    {
        if (trigger.ParameterType != typeof(HttpRequest))
        {
            errors.Add($"the HTTP trigger parameter must be {nameof(HttpRequest)} (ASP.NET Core integration), not {trigger.ParameterType.Name}.");
        }

        var route = (http.Route ?? name).Trim('/');
        HashSet<string> routeParameters = new(StringComparer.OrdinalIgnoreCase);
        try
        {
            routeParameters.UnionWith(RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name));
        }
        catch (RoutePatternException ex)
        {
            errors.Add($"route '{route}' is not a valid route template: {ex.Message}");
        }

        // By position, not reference: two hosts reflecting at once (parallel tests) can get distinct ParameterInfo objects.
        foreach (var parameter in method.GetParameters().Where(p => p.Position != trigger.Position))
        {
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                continue;
            }

            if (parameter.ParameterType == typeof(string) && parameter.Name is { } pn && routeParameters.Contains(pn))
            {
                continue;
            }

            errors.Add(parameter.ParameterType == typeof(string)
                ? $"string parameter '{parameter.Name}' is not a parameter of route '{route}'."
                : $"parameter '{parameter.Name}' of type {parameter.ParameterType.Name} cannot be bound locally " +
                  "(allowed: the HttpRequest, strings named like route parameters, CancellationToken; inject services through the constructor).");
        }

        if (ResultType(method.ReturnType) is not { } result || !typeof(IActionResult).IsAssignableFrom(result))
        {
            errors.Add($"must return IActionResult or Task<IActionResult>, not {method.ReturnType.Name}.");
        }

        var methods = (http.Methods ?? []).Select(m => m.ToUpperInvariant()).Distinct().ToArray();
        return new LocalFunction(name, LocalFunctionKind.Http, method, route, methods, http.AuthLevel, null, "httpTrigger");
    }

    private static LocalFunction InspectQueue(string name, MethodInfo method, ParameterInfo trigger, QueueTriggerAttribute queue, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(queue.QueueName))
        {
            errors.Add("the queue trigger names no queue.");
        }

        if (queue.Connection is { Length: > 0 } connection && !string.Equals(connection, StorageNames.Connection, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"queue trigger connection '{connection}' is not supported locally; use '{StorageNames.Connection}'.");
        }

        var type = trigger.ParameterType;
        if (type != typeof(string) && (type.IsPrimitive || type.IsAbstract || type.IsInterface || type == typeof(object) || type == typeof(byte[])))
        {
            errors.Add($"the queue message parameter must be a string or a record deserialized from JSON, not {type.Name}.");
        }

        foreach (var parameter in method.GetParameters().Where(p => p.Position != trigger.Position && p.ParameterType != typeof(CancellationToken)))
        {
            errors.Add($"parameter '{parameter.Name}' of type {parameter.ParameterType.Name} cannot be bound locally " +
                       "(allowed: the message, CancellationToken; inject services through the constructor).");
        }

        if (method.ReturnType != typeof(void) && method.ReturnType != typeof(Task) && method.ReturnType != typeof(ValueTask))
        {
            errors.Add($"must return Task (or void), not {method.ReturnType.Name}: return values would be output bindings.");
        }

        return new LocalFunction(name, LocalFunctionKind.Queue, method, null, [], null, queue.QueueName, "queueTrigger");
    }

    private static LocalFunction InspectTimer(string name, MethodInfo method, ParameterInfo trigger, TimerTriggerAttribute timer, List<string> errors)
    {
        if (trigger.ParameterType != typeof(TimerInfo))
        {
            errors.Add($"the timer trigger parameter must be {nameof(TimerInfo)}, not {trigger.ParameterType.Name}.");
        }

        var schedule = timer.Schedule;
        if (string.IsNullOrWhiteSpace(schedule))
        {
            errors.Add("the timer trigger has no schedule.");
        }
        else if (!IsSetting(schedule) && TimerSchedule.TryParse(schedule) is null)
        {
            errors.Add($"schedule '{schedule}' is not a CRON expression of five or six fields (the local host runs CRON schedules only).");
        }

        foreach (var parameter in method.GetParameters().Where(p => p.Position != trigger.Position && p.ParameterType != typeof(CancellationToken)))
        {
            errors.Add($"parameter '{parameter.Name}' of type {parameter.ParameterType.Name} cannot be bound locally " +
                       "(allowed: the TimerInfo, CancellationToken; inject services through the constructor).");
        }

        if (method.ReturnType != typeof(void) && method.ReturnType != typeof(Task) && method.ReturnType != typeof(ValueTask))
        {
            errors.Add($"must return Task (or void), not {method.ReturnType.Name}: return values would be output bindings.");
        }

        return new LocalFunction(name, LocalFunctionKind.Timer, method, null, [], null, null, "timerTrigger")
        {
            Schedule = schedule,
            RunOnStartup = timer.RunOnStartup,
        };
    }

    internal static bool IsSetting(string value) => value.Length > 2 && value.StartsWith('%') && value.EndsWith('%');

    /// <summary>T of T, Task&lt;T&gt; or ValueTask&lt;T&gt;; null for Task, ValueTask and void.</summary>
    internal static Type? ResultType(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType &&
            (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    private static string TriggerName(TriggerBindingAttribute attribute)
    {
        var name = attribute.GetType().Name;
        name = name.EndsWith("Attribute", StringComparison.Ordinal) ? name[..^"Attribute".Length] : name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
