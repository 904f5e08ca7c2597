using Nmo.Core.Localization;

namespace Nmo.Core.Common;

/// <summary>
/// A failure a caller can act on: an HTTP status, a stable machine-readable code, a short title and a detail already
/// in the caller's language. Made only by <see cref="Of"/>, so every problem of one code has the same status and
/// words; the function classes turn it into application/problem+json.
/// </summary>
public sealed record Problem
{
    private static readonly IReadOnlyDictionary<string, object?> NoExtensions = new Dictionary<string, object?>();

    private Problem(ProblemType type, string title, string detail)
    {
        Status = type.Status;
        Code = type.Code;
        Title = title;
        Detail = detail;
    }

    public int Status { get; }

    public string Code { get; }

    public string Title { get; }

    public string Detail { get; }

    /// <summary>Members of the problem+json body beside the standard ones (e.g. <c>errors</c>, <c>uploadId</c>).</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; private init; } = NoExtensions;

    /// <summary>When the caller may try again; the HTTP answer carries it as <c>Retry-After</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The problem of <paramref name="type"/>: its title and its detail (filled with <paramref name="args"/>) from <see cref="Texts"/>.</summary>
    public static Problem Of(ProblemType type, Language language, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new Problem(type, Texts.Get(type.TitleKey, language), Texts.Get(type.Code, language, args));
    }

    /// <summary>This problem with one more member of the body.</summary>
    public Problem With(string name, object? value) =>
        this with { Extensions = new Dictionary<string, object?>(Extensions) { [name] = value } };
}
