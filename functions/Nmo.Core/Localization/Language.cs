namespace Nmo.Core.Localization;

/// <summary>User-facing text is Russian by default; English on request.</summary>
public enum Language
{
    Ru,
    En,
}
