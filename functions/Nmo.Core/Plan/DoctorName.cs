using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Plan;

/// <summary>The optional name a portal or provider sends with a credit, printed in the credit notice's greeting.</summary>
public static class DoctorName
{
    public const int MaxLength = 200;

    /// <summary>Why the name cannot be printed, or null; an absent or blank name is fine (the greeting is then neutral).</summary>
    public static Problem? Check(string? name, Language language) =>
        string.IsNullOrWhiteSpace(name) || TextField.Check(name, "name", MaxLength, language) is not { } reason
            ? null
            : Problem.Of(ProblemType.FieldInvalid, language, "name", reason);

    public static string? Normalize(string? name) => string.IsNullOrWhiteSpace(name) ? null : string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
