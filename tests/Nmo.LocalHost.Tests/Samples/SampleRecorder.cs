using System.Collections.Concurrent;

namespace Nmo.LocalHost.Tests.Samples;

/// <summary>What the sample functions were called with; one per host (a DI singleton).</summary>
public sealed class SampleRecorder
{
    private readonly ConcurrentDictionary<string, int> started = new();
    private readonly ConcurrentDictionary<string, int> finished = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TaskCompletionSource>> held = new();
    private readonly ConcurrentDictionary<string, int> mostHeld = new();

    public void Started(string key) => started.AddOrUpdate(key, 1, (_, n) => n + 1);

    public void Finished(string key) => finished.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int StartedCount(string key) => started.GetValueOrDefault(key);

    public int FinishedCount(string key) => finished.GetValueOrDefault(key);

    public int TotalStarted => started.Values.Sum();

    /// <summary>Keeps a function of <paramref name="group"/> running until the test releases it.</summary>
    public async Task HoldAsync(string group, string id, CancellationToken cancellationToken)
    {
        var running = held.GetOrAdd(group, _ => new());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running[id] = release;
        lock (mostHeld)
        {
            mostHeld[group] = Math.Max(mostHeld.GetValueOrDefault(group), running.Count);
        }

        try
        {
            await release.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            running.TryRemove(id, out _);
        }
    }

    /// <summary>Lets <paramref name="count"/> of the held functions of <paramref name="group"/> finish.</summary>
    public void Release(string group, int count)
    {
        foreach (var release in held.GetOrAdd(group, _ => new()).Values.Take(count).ToList())
        {
            release.TrySetResult();
        }
    }

    public int Held(string group) => held.GetOrAdd(group, _ => new()).Count;

    /// <summary>The most functions of <paramref name="group"/> held at once.</summary>
    public int MostHeld(string group)
    {
        lock (mostHeld)
        {
            return mostHeld.GetValueOrDefault(group);
        }
    }
}
