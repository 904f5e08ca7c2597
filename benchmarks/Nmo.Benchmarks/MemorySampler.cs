using System.Diagnostics;

namespace Nmo.Benchmarks;

/// <summary>
/// Samples this process every 100 ms during a run and keeps the largest managed heap (live objects and garbage not
/// yet collected) and the largest memory the GC had committed, so a peak of resident memory can be split into what
/// the GC holds and what the rest of the process does.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long heap;
    private long committed;

    private MemorySampler() => sampling = Task.Run(SampleAsync);

    /// <summary>The most the managed heap held, in MB.</summary>
    public double HeapMegabytes => Interlocked.Read(ref heap) / 1024.0 / 1024;

    /// <summary>The most memory the GC had committed at one of its collections, in MB.</summary>
    public double CommittedMegabytes => Interlocked.Read(ref committed) / 1024.0 / 1024;

    public static MemorySampler Start() => new();

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                Raise(ref heap, GC.GetTotalMemory(forceFullCollection: false));
                Raise(ref committed, GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes);
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (OperationCanceledException)
        {
            Debug.Assert(stop.IsCancellationRequested, "only a stop ends sampling");
        }
    }

    private static void Raise(ref long peak, long value)
    {
        var current = Interlocked.Read(ref peak);
        while (value > current && Interlocked.CompareExchange(ref peak, value, current) != current)
        {
            current = Interlocked.Read(ref peak);
        }
    }
}
