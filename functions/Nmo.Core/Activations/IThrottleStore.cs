namespace Nmo.Core.Activations;

public interface IThrottleStore
{
    Task<ThrottleState?> FindAsync(string doctorId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the state if unchanged since read (insert when its ETag is null): the ETag it is stored under, or null
    /// on a concurrent change. A state without failures is stored as none: saved over a version, it deletes it, saved
    /// as new, it writes nothing; the answer is then an empty ETag (nothing is stored to write over).
    /// </summary>
    Task<string?> TrySaveAsync(ThrottleState state, CancellationToken cancellationToken);
}
