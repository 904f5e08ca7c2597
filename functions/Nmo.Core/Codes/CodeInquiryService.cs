using Nmo.Core.Audit;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Uploads;

namespace Nmo.Core.Codes;

/// <summary>
/// Looks a code up for a support request (the FAQ sends doctors whose code fails to a support address). The code is
/// read exactly as an activation reads it, so whatever the doctor typed finds what the activation found.
/// </summary>
public sealed class CodeInquiryService(ICodeStore codes, ICodeHasher hasher, IEventStore events, IAttendeeStore attendees, IAuditLog audit)
{
    public async Task<Result<CodeInquiry>> FindAsync(string? input, Language language, CancellationToken cancellationToken)
    {
        var parsed = ConfirmationCode.Parse(input);
        if (!parsed.IsValid)
        {
            return Problem.Of(ProblemType.CodeMistyped, language);
        }

        var code = await codes.FindAsync(hasher.Hash(parsed.Code!), cancellationToken);
        if (code is null)
        {
            return Problem.Of(ProblemType.CodeUnknown, language);
        }

        var ev = await events.FindAsync(code.EventId, cancellationToken);
        var attendee = (await attendees.GetManyAsync(code.EventId, [code.AttendeeKey], cancellationToken)).FirstOrDefault();
        var trail = await audit.ListAsync(new AuditQuery(ActivityId: code.EventId, CodeHash: code.CodeHash), cancellationToken);
        return new CodeInquiry(ConfirmationCode.Mask(parsed.Code), code, ev, attendee, trail);
    }
}
