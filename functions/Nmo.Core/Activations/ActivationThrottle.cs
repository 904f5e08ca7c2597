namespace Nmo.Core.Activations;

/// <summary>
/// Counts failed activations per doctor in a sliding window, so codes cannot be guessed by trying many:
/// every failure counts (a mistyped code too), a success clears the count.
/// </summary>
public sealed class ActivationThrottle(IThrottleStore store, ThrottleOptions options, TimeProvider time)
{
    /// <summary>How long the doctor must wait, or null when an attempt is allowed now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string doctorId, CancellationToken cancellationToken)
    {
        var state = await store.FindAsync(doctorId, cancellationToken);
        if (state is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var recent = state.Failures.Where(f => f > now - options.Window).OrderBy(f => f).ToList();
        if (recent.Count < options.MaxFailures)
        {
            return null;
        }

        // Allowed again once enough failures have left the window.
        var freeAt = recent[recent.Count - options.MaxFailures] + options.Window;
        return freeAt - now;
    }

    public Task RecordFailureAsync(string doctorId, CancellationToken cancellationToken) =>
        ChangeAsync(doctorId, failures =>
        {
            var now = time.GetUtcNow();
            return [.. failures.Where(f => f > now - options.Window).Append(now).TakeLast(options.MaxFailures * 2)];
        }, cancellationToken);

    public async Task ResetAsync(string doctorId, CancellationToken cancellationToken)
    {
        var state = await store.FindAsync(doctorId, cancellationToken);
        if (state is { Failures.Count: > 0 })
        {
            await ChangeAsync(doctorId, _ => [], cancellationToken);
        }
    }

    private async Task ChangeAsync(string doctorId, Func<IReadOnlyList<DateTimeOffset>, IReadOnlyList<DateTimeOffset>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var state = await store.FindAsync(doctorId, cancellationToken) ?? new ThrottleState(doctorId, [], null);
            if (await store.TrySaveAsync(state with { Failures = change(state.Failures) }, cancellationToken))
            {
                return;
            }
        }
    }
}
