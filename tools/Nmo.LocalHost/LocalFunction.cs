using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Nmo.LocalHost;

/// <summary>One <c>[Function]</c> method as the local host sees it.</summary>
public sealed record LocalFunction(
    string Name,
    LocalFunctionKind Kind,
    MethodInfo Method,
    string? Route,
    IReadOnlyList<string> HttpMethods,
    AuthorizationLevel? AuthorizationLevel,
    string? Queue,
    string? Trigger)
{
    /// <summary>A timer function's CRON schedule as written (a <c>%Setting%</c> is resolved by the host).</summary>
    public string? Schedule { get; init; }

    /// <summary>A timer function that also runs once as the host starts (the attribute's <c>RunOnStartup</c>).</summary>
    public bool RunOnStartup { get; init; }

    /// <summary>
    /// This function's entry in the start-up table: its methods and URL under <paramref name="address"/>, or its
    /// queue (<paramref name="queue"/> when resolved from a <c>%Setting%</c>, else as written).
    /// </summary>
    public string Describe(string routePrefix, string address, string? queue = null) => Kind switch
    {
        LocalFunctionKind.Http =>
            $"[{(HttpMethods.Count == 0 ? "ALL" : string.Join(",", HttpMethods))}] {address}/{LocalFunctionCatalog.Template(routePrefix, Route!)}",
        LocalFunctionKind.Queue => $"queueTrigger ({queue ?? Queue})",
        LocalFunctionKind.Timer => $"timerTrigger ({queue ?? Schedule})",
        _ => $"{Trigger} - not run by the local host",
    };
}
