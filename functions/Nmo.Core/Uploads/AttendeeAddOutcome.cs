namespace Nmo.Core.Uploads;

public sealed record AttendeeAddOutcome(AttendeeRecord Stored, bool Added);
