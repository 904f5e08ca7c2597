namespace Nmo.Core.Codes;

/// <summary>Why a typed confirmation code was not accepted.</summary>
public enum CodeProblem
{
    None,

    /// <summary>Nothing that could be part of a code was entered.</summary>
    Empty,

    /// <summary>Not 12 symbols once separators are dropped: a symbol is missing or extra.</summary>
    WrongLength,

    /// <summary>A symbol that no code contains (for example a letter of another alphabet).</summary>
    InvalidCharacter,

    /// <summary>Right shape, but the check symbol does not match: almost certainly a typing mistake, not an unknown code.</summary>
    CheckSymbolMismatch,
}
