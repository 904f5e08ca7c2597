using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text.RegularExpressions;

namespace Nmo.Benchmarks;

/// <summary>
/// Counts the storage requests the Azure SDK sends from this process, by method and target (table or queue, batch or
/// single entity, query). Azurite's one thread is the floor of these benchmarks, so "requests per row" says where the
/// time goes better than a guess: listens to the SDK's own "Azure-Core" event source, no code of the app changes.
/// </summary>
internal sealed partial class StorageRequestTally : EventListener
{
    private readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    private volatile bool counting;

    public void Start()
    {
        counts.Clear();
        counting = true;
    }

    public IReadOnlyDictionary<string, int> Stop()
    {
        counting = false;
        return new Dictionary<string, int>(counts, StringComparer.Ordinal);
    }

    public static void Print(IReadOnlyDictionary<string, int> counts, int rows)
    {
        Console.WriteLine("| storage requests (this process) | count | per row |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (kind, count) in counts.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"| {kind} | {count:N0} | {count / (double)rows:F2} |");
        }

        Console.WriteLine($"| **all** | {counts.Values.Sum():N0} | {counts.Values.Sum() / (double)rows:F2} |");
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Azure-Core")
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!counting || eventData.EventName != "Request" || eventData.Payload is not { Count: >= 3 } payload)
        {
            return;
        }

        counts.AddOrUpdate(Kind(payload[1]?.ToString() ?? "?", payload[2]?.ToString() ?? string.Empty), 1, (_, n) => n + 1);
    }

    /// <summary>"POST table $batch", "GET table Attendees(…)" and the like: keys and ids folded away.</summary>
    private static string Kind(string method, string uri)
    {
        var path = Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? Uri.UnescapeDataString(parsed.AbsolutePath) : uri;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var target = segments.Length > 1 ? segments[1] : path;
        target = EntityKeys().Replace(target, "(…)");
        var hasQuery = parsed?.Query.Contains("$filter", StringComparison.Ordinal) == true;
        var messages = segments.Length > 2 ? "/" + segments[2] : string.Empty;
        return $"{method} {target}{(segments.Length > 2 && !target.Contains('(') ? MessageSuffix(messages) : string.Empty)}{(hasQuery ? " query" : string.Empty)}";
    }

    private static string MessageSuffix(string tail) => tail.StartsWith("/messages", StringComparison.Ordinal) ? "/messages" : "/…";

    [GeneratedRegex(@"\(.*\)")]
    private static partial Regex EntityKeys();
}
