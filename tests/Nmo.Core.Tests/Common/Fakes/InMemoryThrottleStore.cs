using Nmo.Core.Activations;

namespace Nmo.Core.Tests.Common.Fakes;

public sealed class InMemoryThrottleStore : IThrottleStore
{
    private readonly Dictionary<string, ThrottleState> stored = [];
    private int version;

    public ThrottleState? this[string doctorId] => stored.GetValueOrDefault(doctorId);

    public Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken) =>
        Task.FromResult(stored.GetValueOrDefault(doctorId));

    public Task<string?> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken)
    {
        if (stored.GetValueOrDefault(state.DoctorId)?.ETag != state.ETag)
        {
            return Task.FromResult<string?>(null);
        }

        var etag = $"throttle-etag-{++version}";
        stored[state.DoctorId] = state with { ETag = etag };
        return Task.FromResult<string?>(etag);
    }
}
