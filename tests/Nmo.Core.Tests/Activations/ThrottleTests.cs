using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Activations;

namespace Nmo.Core.Tests.Activations;

public sealed class ThrottleTests
{
    /// <summary>An ETag-checked store; <see cref="Conflicts"/> makes that many next writes lose as if another writer won.</summary>
    private sealed class MemoryThrottleStore : IThrottleStore
    {
        private readonly Dictionary<string, ThrottleState> states = [];
        private readonly Lock gate = new();
        private int version;

        public int Conflicts { get; set; }

        /// <summary>Answers a write without saying its ETag, as a store whose reply lacks the header would.</summary>
        public bool HidesETags { get; set; }

        public int SaveCalls { get; private set; }

        public int Writes { get; private set; }

        public int Reads { get; private set; }

        public async Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken)
        {
            // Lets parallel attempts interleave between their read and their write, as over the network.
            await Task.Yield();
            lock (gate)
            {
                Reads++;
                return states.GetValueOrDefault(doctorId);
            }
        }

        public async Task<string?> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (gate)
            {
                SaveCalls++;
                if (Conflicts > 0)
                {
                    Conflicts--;
                    return null;
                }

                if (state.Failures.Count == 0 && state.ETag is null)
                {
                    return string.Empty;
                }

                if (states.GetValueOrDefault(state.DoctorId)?.ETag != state.ETag)
                {
                    return null;
                }

                Writes++;
                if (state.Failures.Count == 0)
                {
                    // As the table store: a state without failures is no state.
                    states.Remove(state.DoctorId);
                    return string.Empty;
                }

                var etag = (++version).ToString(System.Globalization.CultureInfo.InvariantCulture);
                states[state.DoctorId] = state with { ETag = etag };
                return HidesETags ? string.Empty : etag;
            }
        }
    }

    /// <summary>The fake clock's time, with every wait asked for recorded and then ended at once.</summary>
    private sealed class WaitRecordingClock(TimeProvider clock) : TimeProvider
    {
        public ConcurrentQueue<TimeSpan> Waits { get; } = new();

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Waits.Enqueue(dueTime);
            return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly MemoryThrottleStore store = new();
    private readonly WaitRecordingClock clock;

    public ThrottleTests() => clock = new WaitRecordingClock(time);

    private ActivationThrottle Throttle(int maxFailures = 20) =>
        new(store, new ThrottleOptions { MaxFailures = maxFailures, Window = TimeSpan.FromMinutes(15) }, clock);

    [Fact]
    public async Task Twenty_failures_in_a_row_go_unthrottled_and_the_next_attempt_waits()
    {
        var throttle = Throttle();
        for (var i = 0; i < 20; i++)
        {
            Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        // Until the oldest of the twenty leaves the window: it was counted 20 s ago.
        var wait = (await throttle.AdmitAsync("d1", CancellationToken.None)).RetryAfter;
        Assert.Equal(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(20), wait);
        Assert.True((await throttle.AdmitAsync("d2", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task The_window_slides_so_old_failures_stop_counting()
    {
        var throttle = Throttle();
        for (var i = 0; i < 20; i++)
        {
            await throttle.AdmitAsync("d1", CancellationToken.None);
        }

        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_success_clears_the_count()
    {
        var throttle = Throttle();
        for (var i = 0; i < 20; i++)
        {
            await throttle.AdmitAsync("d1", CancellationToken.None);
        }

        await throttle.ResetAsync("d1", null, CancellationToken.None);

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_doctor_with_nothing_counted_is_admitted_with_one_write_and_no_read()
    {
        var throttle = Throttle();

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);

        Assert.Equal((0, 1), (store.Reads, store.SaveCalls));
    }

    [Fact]
    public async Task After_a_success_the_doctor_s_next_attempt_again_needs_no_read()
    {
        var throttle = Throttle(maxFailures: 2);
        await throttle.AdmitAsync("d1", CancellationToken.None);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        await throttle.ResetAsync("d1", success, CancellationToken.None);
        var reads = store.Reads;

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);

        // The first of the two found nothing stored; the second read the one failure the first counted.
        Assert.Equal(reads + 1, store.Reads);
        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task Conflicting_counts_are_retried_after_short_waits_but_the_first_insert_s_conflict_is_read_at_once()
    {
        var throttle = Throttle();
        store.Conflicts = ActivationThrottle.MaxWriteAttempts - 1;

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);

        // The insert found something stored: read and tried again at once. Each later conflict waits a little
        // longer, a few milliseconds at most, so that a doctor's parallel attempts spread out and each gets its turn.
        var waits = clock.Waits.ToArray();
        Assert.Equal(ActivationThrottle.MaxWriteAttempts - 2, waits.Length);
        for (var attempt = 1; attempt <= waits.Length; attempt++)
        {
            Assert.InRange(waits[attempt - 1].TotalMilliseconds, 1, 3 + Math.Min(attempt, 20));
        }
    }

    [Fact]
    public async Task A_reset_that_conflicts_waits_a_little_before_every_retry()
    {
        var throttle = Throttle(maxFailures: 3);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        store.Conflicts = 3;

        await throttle.ResetAsync("d1", success, CancellationToken.None);

        Assert.Equal(3, clock.Waits.Count);
        Assert.All(clock.Waits, w => Assert.InRange(w.TotalMilliseconds, 1, 6));
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.Single((await store.FindAsync("d1", CancellationToken.None))!.Failures);
    }

    [Fact]
    public async Task A_reset_with_nothing_counted_writes_nothing()
    {
        var throttle = Throttle();
        await throttle.ResetAsync("d1", null, CancellationToken.None);
        await throttle.AdmitAsync("d2", CancellationToken.None);
        await throttle.ResetAsync("d2", null, CancellationToken.None);
        var writes = store.Writes;

        await throttle.ResetAsync("d2", null, CancellationToken.None);

        Assert.Equal(2, writes);
        Assert.Equal(2, store.Writes);
    }

    [Fact]
    public async Task The_success_of_an_admitted_attempt_clears_the_count_without_reading_it_again()
    {
        var throttle = Throttle(maxFailures: 3);
        await throttle.AdmitAsync("d1", CancellationToken.None);
        await throttle.AdmitAsync("d1", CancellationToken.None);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        var reads = store.Reads;

        await throttle.ResetAsync("d1", success, CancellationToken.None);

        Assert.Equal(reads, store.Reads);
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_failure_counted_after_the_admission_is_read_and_cleared_too()
    {
        var throttle = Throttle(maxFailures: 2);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);

        // Another attempt of the doctor is counted between this one's admission and its success.
        await throttle.AdmitAsync("d1", CancellationToken.None);
        await throttle.ResetAsync("d1", success, CancellationToken.None);

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_release_keeps_a_failure_counted_after_the_admission()
    {
        var throttle = Throttle(maxFailures: 2);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await throttle.AdmitAsync("d1", CancellationToken.None);
        var reads = store.Reads;

        await throttle.ReleaseAsync("d1", success, CancellationToken.None);

        Assert.True(store.Reads > reads);
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_release_with_the_admission_needs_no_read_when_nothing_changed()
    {
        var throttle = Throttle(maxFailures: 2);
        await throttle.AdmitAsync("d1", CancellationToken.None);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        var reads = store.Reads;

        await throttle.ReleaseAsync("d1", success, CancellationToken.None);

        Assert.Equal(reads, store.Reads);
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_released_attempt_stops_counting_but_the_failures_before_it_still_count()
    {
        var throttle = Throttle(maxFailures: 3);
        await throttle.AdmitAsync("d1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await throttle.AdmitAsync("d1", CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));

        // Re-activating one's own code succeeds without crediting anything: it must not wipe the failures out.
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        await throttle.ReleaseAsync("d1", success, CancellationToken.None);

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_failure_is_still_counted_after_more_than_twenty_write_conflicts()
    {
        // Confirmed: the count used to give up after 20 conflicts, and the failure was lost.
        var throttle = Throttle(maxFailures: 1);
        store.Conflicts = 25;

        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);

        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task An_attempt_whose_count_cannot_be_written_is_refused()
    {
        var throttle = Throttle();
        store.Conflicts = int.MaxValue;

        var admission = await throttle.AdmitAsync("d1", CancellationToken.None);

        Assert.False(admission.Admitted);
        Assert.NotNull(admission.RetryAfter);
    }

    [Fact]
    public async Task A_failure_stops_counting_the_moment_it_is_as_old_as_the_window()
    {
        var throttle = Throttle(maxFailures: 1);
        await throttle.AdmitAsync("d1", CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Theory]
    [InlineData(ActivationThrottle.MaxWriteAttempts - 1, true)]
    [InlineData(ActivationThrottle.MaxWriteAttempts, false)]
    public async Task An_attempt_is_admitted_within_its_write_attempts_and_refused_after_them(int conflicts, bool admitted)
    {
        var throttle = Throttle();
        store.Conflicts = conflicts;

        Assert.Equal(admitted, (await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Theory]
    [InlineData(ActivationThrottle.MaxWriteAttempts - 1, true)]
    [InlineData(ActivationThrottle.MaxWriteAttempts, false)]
    public async Task A_reset_that_keeps_conflicting_gives_up_and_leaves_the_count(int conflicts, bool cleared)
    {
        var throttle = Throttle(maxFailures: 1);
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        store.Conflicts = conflicts;

        await throttle.ResetAsync("d1", success, CancellationToken.None);

        Assert.Equal(cleared, (await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task Another_doctor_s_admission_never_resets_this_doctor_over_the_other_s_count()
    {
        var throttle = Throttle(maxFailures: 2);
        await throttle.AdmitAsync("d1", CancellationToken.None);
        var other = await throttle.AdmitAsync("d1", CancellationToken.None);
        await throttle.AdmitAsync("d2", CancellationToken.None);
        await throttle.AdmitAsync("d2", CancellationToken.None);

        await throttle.ResetAsync("d2", other, CancellationToken.None);

        Assert.True((await throttle.AdmitAsync("d2", CancellationToken.None)).Admitted);
        Assert.False((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task Without_the_stored_version_a_reset_reads_before_it_writes()
    {
        var throttle = Throttle(maxFailures: 1);
        store.HidesETags = true;
        var success = await throttle.AdmitAsync("d1", CancellationToken.None);
        var (reads, saves) = (store.Reads, store.SaveCalls);

        await throttle.ResetAsync("d1", success, CancellationToken.None);

        Assert.Equal((reads + 1, saves + 1), (store.Reads, store.SaveCalls));
        Assert.True((await throttle.AdmitAsync("d1", CancellationToken.None)).Admitted);
    }

    [Fact]
    public async Task A_release_needs_the_admission_it_takes_back()
    {
        var throttle = Throttle();

        await Assert.ThrowsAsync<ArgumentNullException>(() => throttle.ReleaseAsync("d1", null!, CancellationToken.None));
    }

    [Fact]
    public async Task Parallel_attempts_of_one_doctor_are_admitted_only_up_to_the_limit()
    {
        var throttle = Throttle(maxFailures: 20);

        var admissions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => throttle.AdmitAsync("d1", CancellationToken.None))));

        Assert.Equal(20, admissions.Count(a => a.Admitted));
    }
}
