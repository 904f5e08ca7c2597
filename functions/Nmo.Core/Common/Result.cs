using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Nmo.Core.Common;

/// <summary>
/// What a core service answers: a value, or the <see cref="Common.Problem"/> that stopped it. Both convert
/// implicitly, so a service simply returns one or the other; the HTTP adapter turns either into an answer.
/// </summary>
public sealed record Result<T>
{
    private readonly T? value;

    private Result(T? value, Problem? problem)
    {
        this.value = value;
        Problem = problem;
    }

    /// <summary>Why there is no value; null when there is one.</summary>
    public Problem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsOk => Problem is null;

    /// <exception cref="InvalidOperationException">The result is a problem.</exception>
    public T Value => Problem is null
        ? value!
        : throw new InvalidOperationException($"The result is the problem '{Problem.Code}', not a value.");

    public static implicit operator Result<T>(T value) =>
        new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static implicit operator Result<T>(Problem problem) =>
        new(default, problem ?? throw new ArgumentNullException(nameof(problem)));

    // The synthesized one would read Value, which throws for a problem.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(Problem is null ? $"Value = {value}" : $"Problem = {Problem.Code}");
        return true;
    }

    public TOut Match<TOut>(Func<T, TOut> ok, Func<Problem, TOut> problem)
    {
        ArgumentNullException.ThrowIfNull(ok);
        ArgumentNullException.ThrowIfNull(problem);
        return Problem is null ? ok(value!) : problem(Problem);
    }
}
