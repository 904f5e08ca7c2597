using System.Text.Json.Serialization;

namespace Nmo.Core.Attendance;

/// <summary>A problem with the file as a whole (a refusal reason) or a warning about it.</summary>
/// <param name="Code">One of <see cref="IssueCodes"/>; an old stored spelling reads as today's.</param>
public sealed record FileIssue(string Code, IReadOnlyList<string> Args)
{
    // Stored as JSON on the upload record: first, as it always was.
    [JsonPropertyOrder(-1)]
    public string Code { get; init; } = IssueCodes.Canonical(Code);
}
