namespace Nmo.Core.Activations;

/// <summary>
/// Counts failed activations per doctor in a sliding window, so codes cannot be guessed by trying many:
/// every failure counts (a mistyped code too), a success clears the count.
/// </summary>
/// <remarks>
/// A cleared count is no state at all (<see cref="IThrottleStore.TrySaveAsync"/> deletes it), so a doctor with no
/// failures on record is admitted with one insert, and a success clears it with one delete.
/// <para>
/// An attempt is counted as a failure before it is tried, in the same conditional write that checks the count: so
/// parallel attempts of one doctor cannot all pass a check made before any of them was counted, and a failure
/// cannot be lost after the answer was given. A success takes its count back. When the count cannot be written
/// (the store keeps conflicting) the attempt is refused: the throttle fails closed.
/// </para>
/// </remarks>
public sealed class ActivationThrottle(IThrottleStore store, ThrottleOptions options, TimeProvider time)
{
    /// <summary>Enough for every parallel attempt of one doctor to get its turn; past it the attempt is refused.</summary>
    public const int MaxWriteAttempts = 64;

    // Refused for contention rather than for failures: a short wait, the next attempt usually gets through.
    private static readonly TimeSpan ContentionWait = TimeSpan.FromSeconds(1);

    /// <summary>Admits the attempt and counts it as a failure, or says how long the doctor must wait.</summary>
    public async Task<ThrottleAdmission> AdmitAsync(string doctorId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            // The first try takes nothing to be counted, the usual case (a success leaves nothing stored), and so is
            // an insert without a read. Another state stored makes it conflict, and the next try reads it.
            var state = attempt == 0
                ? new ThrottleState(doctorId, [], null)
                : await store.FindAsync(doctorId, cancellationToken) ?? new ThrottleState(doctorId, [], null);
            var now = time.GetUtcNow();
            var recent = state.Failures.Where(f => f > now - options.Window).OrderBy(f => f).ToList();
            if (recent.Count >= options.MaxFailures)
            {
                // Allowed again once enough failures have left the window.
                var freeAt = recent[recent.Count - options.MaxFailures] + options.Window;
                return new ThrottleAdmission(freeAt - now, null);
            }

            var counted = state with { Failures = [.. recent.Append(now)] };
            if (await store.TrySaveAsync(counted, cancellationToken) is { } etag)
            {
                return new ThrottleAdmission(null, now, counted with { ETag = etag });
            }

            // Another attempt of this doctor was counted first: spread the retries so they do not collide again.
            // The first try's conflict only says something is stored: read at once.
            if (attempt > 0)
            {
                await AfterConflictAsync(attempt, cancellationToken);
            }
        }

        return new ThrottleAdmission(ContentionWait, null);
    }

    /// <summary>Takes back the failure counted for an attempt that succeeded without activating anything new.</summary>
    public Task ReleaseAsync(string doctorId, ThrottleAdmission admission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admission);
        if (admission.CountedAt is not { } counted)
        {
            return Task.CompletedTask;
        }

        return ChangeAsync(doctorId, admission.Counted, failures =>
        {
            var kept = failures.ToList();
            kept.Remove(counted);
            return kept;
        }, cancellationToken);
    }

    /// <summary>Clears the count: the doctor activated a new code.</summary>
    /// <remarks>
    /// With the admission of the attempt that succeeded, its stored state is written over without reading it again;
    /// only when another attempt changed it since is it read. Writes nothing when nothing is recorded.
    /// </remarks>
    public Task ResetAsync(string doctorId, ThrottleAdmission? admission, CancellationToken cancellationToken) =>
        ChangeAsync(doctorId, admission?.Counted, _ => [], cancellationToken);

    // A lost release or reset leaves the doctor counted higher than earned: the safe side of a throttle.
    private async Task ChangeAsync(
        string doctorId,
        ThrottleState? known,
        Func<IReadOnlyList<DateTimeOffset>, IReadOnlyList<DateTimeOffset>> change,
        CancellationToken cancellationToken)
    {
        // The state this attempt stored is tried first: unchanged since (the usual case), it needs no read. Nothing
        // stored and nothing to store is a save the store answers without writing.
        var first = known is { ETag: { Length: > 0 } } && known.DoctorId == doctorId ? known : null;
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            var state = (attempt == 0 ? first : null) ?? await store.FindAsync(doctorId, cancellationToken) ?? new ThrottleState(doctorId, [], null);
            if (await store.TrySaveAsync(state with { Failures = change(state.Failures) }, cancellationToken) is not null)
            {
                return;
            }

            await AfterConflictAsync(attempt, cancellationToken);
        }
    }

    /// <summary>A short random wait, longer after each conflict (1 ms to 23 ms), so colliding attempts spread out.</summary>
    private Task AfterConflictAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 + Math.Min(attempt, 20))), time, cancellationToken);
}
