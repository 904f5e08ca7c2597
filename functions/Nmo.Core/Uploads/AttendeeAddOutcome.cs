namespace Nmo.Core.Uploads;

/// <summary>What adding an attendee found: the one it stored, or the one stored before it.</summary>
/// <param name="ETag">The version of <paramref name="Stored"/>, when the store knows it without another read.</param>
public sealed record AttendeeAddOutcome(AttendeeRecord Stored, bool Added, string? ETag = null);
