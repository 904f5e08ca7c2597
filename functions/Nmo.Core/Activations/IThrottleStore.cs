namespace Nmo.Core.Activations;

public interface IThrottleStore
{
    Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state if unchanged since read (insert when its ETag is null): the ETag it is stored under, or null
    /// on a concurrent change.
    /// </summary>
    Task<string?> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken);
}
