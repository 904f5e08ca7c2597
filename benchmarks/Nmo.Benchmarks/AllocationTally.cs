using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Nmo.Benchmarks;

/// <summary>
/// Which types this process allocates, from the runtime's allocation ticks (one event about every 100 KB allocated,
/// naming the type of the object that crossed the mark): a sample, in proportion to the bytes, not a count.
/// Asked for with <c>NMO_BENCH_ALLOCATIONS=1</c>, because listening slows the process.
/// </summary>
internal sealed class AllocationTally : EventListener
{
    private const int AllocationTickId = 10;
    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);
    private volatile bool listening = true;

    public void Stop() => listening = false;

    /// <summary>The shares by type; the exact total per row is printed beside it, from the GC's own count.</summary>
    public void Print(int top = 15)
    {
        var total = bytes.Values.Sum();
        Console.WriteLine("Allocations sampled (allocation ticks), the largest by type:");
        Console.WriteLine("| type | MB | share |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (type, amount) in bytes.OrderByDescending(kv => kv.Value).Take(top))
        {
            Console.WriteLine($"| `{type}` | {amount / 1024.0 / 1024:F0} | {100.0 * amount / total:F1} % |");
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!listening || eventData.EventId != AllocationTickId || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        var amount = amountIndex >= 0 ? Convert.ToInt64(eventData.Payload![amountIndex], System.Globalization.CultureInfo.InvariantCulture) : 100 * 1024;
        bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}
