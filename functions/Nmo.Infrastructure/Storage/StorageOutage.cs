using System.Net.Sockets;
using Azure;

namespace Nmo.Infrastructure.Storage;

/// <summary>
/// The one rule for "storage is down or shedding load, try again later", as opposed to an answer about the data
/// (404, 409, 412) or a bug: the Functions app's middleware and the local host both answer it with 503 and
/// <c>Retry-After</c>, and the queue listeners keep polling through it.
/// </summary>
public static class StorageOutage
{
    /// <summary>
    /// True when <paramref name="exception"/> says storage could not be reached, timed out or was throttling, once
    /// the SDK's own retries gave up: a transport failure (status 0, sockets, DNS, a dropped connection), a time-out
    /// nobody asked for (<paramref name="callerCancelled"/> is the caller's own token: its cancellation is not an
    /// outage), or storage's busy answers (408, 429, 500 OperationTimedOut, 502, 503 ServerBusy, 504).
    /// </summary>
    public static bool Is(Exception? exception, CancellationToken callerCancelled = default) =>
        exception switch
        {
            null => false,

            // The SDK's retry policy reports every failed try together when none of them got an answer.
            AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(e => Is(e, callerCancelled)),

            // A status means storage answered: only its "busy" answers are an outage, never one about the data.
            RequestFailedException { Status: 0 } => true,
            RequestFailedException failed => IsBusy(failed),

            OperationCanceledException => !callerCancelled.IsCancellationRequested,
            HttpRequestException or SocketException or IOException or TimeoutException => true,
            _ => Is(exception.InnerException, callerCancelled),
        };

    /// <summary>
    /// What failed, for logs: exception types, statuses and error codes only. The messages are left out, as they can
    /// carry entity keys and, in a table query, a filter with personal data.
    /// </summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var current = exception; current is not null && parts.Count < 4; current = current.InnerException)
        {
            parts.Add(current switch
            {
                AggregateException aggregate => $"{aggregate.InnerExceptions.Count} tries failed, last: {Describe(aggregate.InnerExceptions[^1])}",
                RequestFailedException { Status: 0 } => "no answer from storage",
                RequestFailedException failed => $"storage answered {failed.Status}{(failed.ErrorCode is { Length: > 0 } code ? " " + code : string.Empty)}",
                SocketException socket => $"socket {socket.SocketErrorCode}",
                HttpRequestException http when http.HttpRequestError != HttpRequestError.Unknown => $"HTTP {http.HttpRequestError}",
                OperationCanceledException => "timed out",
                _ => current.GetType().Name,
            });
            if (current is AggregateException)
            {
                break;
            }
        }

        return string.Join(" <- ", parts);
    }

    private static bool IsBusy(RequestFailedException failed) =>
        failed.Status is 408 or 429 or 502 or 503 or 504
        || (failed.Status == 500 && string.Equals(failed.ErrorCode, "OperationTimedOut", StringComparison.Ordinal));
}
