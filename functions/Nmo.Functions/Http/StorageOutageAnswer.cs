using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Nmo.Core.Common;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Http;

/// <summary>
/// What any HTTP route answers when storage failed under it (see <see cref="StorageOutage"/>): 503 problem+json
/// with <c>Retry-After</c>, instead of the host's empty 500. The Functions app's <c>StorageOutageMiddleware</c> and
/// the local host's HTTP pipeline both answer through this, so the two cannot drift apart.
/// </summary>
public static class StorageOutageAnswer
{
    /// <summary>
    /// Long enough for the SDK's retries and a restarted Azurite to have a chance, short enough that a client
    /// does not wait long after storage is back.
    /// </summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>True when <paramref name="exception"/> is a storage outage and the answer can still be changed.</summary>
    public static bool Applies(HttpContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !context.Response.HasStarted && StorageOutage.Is(exception, context.RequestAborted);
    }

    /// <summary>Replaces whatever the function had started to answer with the 503 problem, and logs why.</summary>
    public static async Task AnswerAsync(HttpContext context, Exception exception, ILogger logger, string function)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        logger.LogWarning(
            "Executed 'Functions.{Function}' (Storage unavailable, answered 503: {Reason})",
            function,
            StorageOutage.Describe(exception));

        context.Response.Clear();
        HttpApi.NoStore(context.Request);
        var problem = Problem.Of(
            ProblemType.StorageUnavailable,
            HttpApi.LanguageOf(context.Request),
            RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture)) with { RetryAfter = RetryAfter };
        await new ProblemResult(problem).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
