namespace Nmo.Infrastructure.Backups;

/// <summary>A restore: entities written per table, or why nothing was written (<see cref="Refusal"/>).</summary>
public sealed record TableRestoreResult(DateOnly Day, IReadOnlyDictionary<string, int> Tables, string? Refusal)
{
    public bool Restored => Refusal is null;
}
