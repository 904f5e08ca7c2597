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
        if (state.Failures.Count == 0 && state.ETag is null)
        {
            return Task.FromResult<string?>(string.Empty);
        }

        if (stored.GetValueOrDefault(state.DoctorId)?.ETag != state.ETag)
        {
            return Task.FromResult<string?>(null);
        }

        // As the table store: a state without failures is no state.
        if (state.Failures.Count == 0)
        {
            stored.Remove(state.DoctorId);
            return Task.FromResult<string?>(string.Empty);
        }

        var etag = $"throttle-etag-{++version}";
        stored[state.DoctorId] = state with { ETag = etag };
        return Task.FromResult<string?>(etag);
    }
}
