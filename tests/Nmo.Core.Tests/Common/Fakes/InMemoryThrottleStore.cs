using Nmo.Core.Activations;

namespace Nmo.Core.Tests.Common.Fakes;

public sealed class InMemoryThrottleStore : IThrottleStore
{
    private readonly Dictionary<string, ThrottleState> stored = [];
    private int version;

    public ThrottleState? this[string doctorId] => stored.GetValueOrDefault(doctorId);

    public Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken) =>
        Task.FromResult(stored.GetValueOrDefault(doctorId));

    public Task<bool> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
    {
        if (stored.GetValueOrDefault(state.DoctorId)?.ETag != state.ETag)
        {
            return Task.FromResult(false);
        }

        stored[state.DoctorId] = state with { ETag = $"throttle-etag-{++version}" };
        return Task.FromResult(true);
    }
}
