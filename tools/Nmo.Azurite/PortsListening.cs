namespace Nmo.Azurite;

/// <summary>The ports that accepted a connection and those that did not.</summary>
internal sealed record PortsListening(IReadOnlyList<int> Busy, IReadOnlyList<int> Free)
{
    public bool All => Free.Count == 0;

    public bool None => Busy.Count == 0;
}
