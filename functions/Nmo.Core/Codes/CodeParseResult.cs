namespace Nmo.Core.Codes;

/// <param name="Code">The canonical <c>XXXX-XXXXXXXX</c> form when valid; otherwise null.</param>
/// <param name="Problem">What is wrong with the input, or <see cref="CodeProblem.None"/>.</param>
public readonly record struct CodeParseResult(string? Code, CodeProblem Problem)
{
    public bool IsValid => Problem == CodeProblem.None;
}
