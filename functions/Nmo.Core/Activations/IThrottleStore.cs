namespace Nmo.Core.Activations;

public interface IThrottleStore
{
    Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken);

    /// <summary>Writes the state if unchanged since read (insert when its ETag is null); false on a concurrent change.</summary>
    Task<bool> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken);
}
