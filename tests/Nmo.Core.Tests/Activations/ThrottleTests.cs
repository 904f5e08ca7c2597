using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Activations;

namespace Nmo.Core.Tests.Activations;

public sealed class ThrottleTests
{
    private sealed class MemoryThrottleStore : IThrottleStore
    {
        private readonly Dictionary<string, ThrottleState> states = [];
        private int version;

        public Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken) =>
            Task.FromResult(states.GetValueOrDefault(doctorId));

        public Task<bool> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
        {
            if (states.GetValueOrDefault(state.DoctorId)?.ETag != state.ETag)
            {
                return Task.FromResult(false);
            }

            states[state.DoctorId] = state with { ETag = (++version).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            return Task.FromResult(true);
        }
    }

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly MemoryThrottleStore store = new();

    private ActivationThrottle Throttle() => new(store, new ThrottleOptions { MaxFailures = 20, Window = TimeSpan.FromMinutes(15) }, time);

    [Fact]
    public async Task Twenty_failures_in_a_row_go_unthrottled_and_the_next_attempt_waits()
    {
        var throttle = Throttle();
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(await throttle.RetryAfterAsync("d1", CancellationToken.None));
            await throttle.RecordFailureAsync("d1", CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var wait = await throttle.RetryAfterAsync("d1", CancellationToken.None);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Null(await throttle.RetryAfterAsync("d2", CancellationToken.None));
    }

    [Fact]
    public async Task The_window_slides_so_old_failures_stop_counting()
    {
        var throttle = Throttle();
        for (var i = 0; i < 20; i++)
        {
            await throttle.RecordFailureAsync("d1", CancellationToken.None);
        }

        time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        Assert.Null(await throttle.RetryAfterAsync("d1", CancellationToken.None));
    }

    [Fact]
    public async Task A_success_clears_the_count()
    {
        var throttle = Throttle();
        for (var i = 0; i < 19; i++)
        {
            await throttle.RecordFailureAsync("d1", CancellationToken.None);
        }

        await throttle.ResetAsync("d1", CancellationToken.None);
        await throttle.RecordFailureAsync("d1", CancellationToken.None);

        Assert.Null(await throttle.RetryAfterAsync("d1", CancellationToken.None));
    }
}
