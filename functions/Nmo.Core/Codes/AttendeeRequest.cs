using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Codes;

/// <summary>
/// The input checks of a provider's request about one attendee of its event (a re-issue, a withdrawal), made before
/// anything is read: both refuse the same input with the same problem, in the same order.
/// </summary>
public static class AttendeeRequest
{
    /// <summary>Why the event id or the attendee's address cannot be used, or null when both can.</summary>
    public static Problem? Check(string? eventId, string? email, Language language) =>
        !Ids.IsValid(eventId) ? Problem.Of(ProblemType.IdInvalid, language, eventId)
        : EmailAddress.Check(email) is not null ? Problem.Of(ProblemType.EmailInvalid, language)
        : null;
}
