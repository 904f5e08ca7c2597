namespace Nmo.Core.Email;

/// <summary>
/// <see cref="Key"/> is stable for one logical e-mail (the same certificate always has the same key), so a
/// repeated send can be recognised and dropped.
/// </summary>
public sealed record EmailRecipient(
    string Key,
    string Address,
    string Name,
    IReadOnlyDictionary<string, string> Values);
