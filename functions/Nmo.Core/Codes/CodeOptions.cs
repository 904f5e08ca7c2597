namespace Nmo.Core.Codes;

/// <summary>
/// The code secrets' setting (section <c>Codes</c>). Without a key no code can be issued or checked, so the app does
/// not start without one (<see cref="CodeOptionsValidator"/>).
/// </summary>
public sealed class CodeOptions
{
    public const string SectionName = "Codes";

    /// <summary>The one key both code secrets derive from (<c>Codes:HashKey</c>); at least <see cref="CodeSecrets.MinimumKeyBytes"/> bytes.</summary>
    public string? HashKey { get; set; }
}
