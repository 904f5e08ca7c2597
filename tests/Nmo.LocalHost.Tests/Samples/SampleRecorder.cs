using System.Collections.Concurrent;

namespace Nmo.LocalHost.Tests.Samples;

/// <summary>What the sample functions were called with; one per host (a DI singleton).</summary>
public sealed class SampleRecorder
{
    private readonly ConcurrentDictionary<string, int> started = new();
    private readonly ConcurrentDictionary<string, int> finished = new();

    public void Started(string key) => started.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Finished(string key) => finished.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int StartedCount(string key) => started.GetValueOrDefault(key);

    public int FinishedCount(string key) => finished.GetValueOrDefault(key);

    public int TotalStarted => started.Values.Sum();
}
