using Nmo.Core.Audit;
using Nmo.Core.Events;
using Nmo.Core.Uploads;

namespace Nmo.Core.Codes;

/// <summary>
/// What support needs about one code: its stored state, its event, its attendee and its audit trail.
/// <see cref="MaskedCode"/> is the only form of the code it holds; whoever prints the rest masks it as logs are.
/// </summary>
public sealed record CodeInquiry(string MaskedCode, CodeRecord Code, EventRecord? Event, AttendeeRecord? Attendee, IReadOnlyList<AuditRecord> Trail);
