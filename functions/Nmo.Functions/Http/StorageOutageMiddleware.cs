using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Nmo.Functions.Http;

/// <summary>
/// Answers an HTTP function that failed because storage is down or throttling with 503 problem+json and
/// <c>Retry-After</c> (<see cref="StorageOutageAnswer"/>), for every route at once. Queue and timer functions are
/// left alone: their failure is what makes the host retry the message or the next occurrence.
/// </summary>
public sealed class StorageOutageMiddleware(ILogger<StorageOutageMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && StorageOutageAnswer.Applies(http, ex))
        {
            await StorageOutageAnswer.AnswerAsync(http, ex, logger, context.FunctionDefinition.Name);
        }
    }
}
