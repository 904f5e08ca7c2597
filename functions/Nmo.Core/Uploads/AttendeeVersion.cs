namespace Nmo.Core.Uploads;

/// <summary>
/// An attendee exactly as stored at one version, with that version's ETag. Whoever holds it can write on the
/// condition that nothing changed since, and so act on what it holds without reading the attendee again.
/// </summary>
public sealed record AttendeeVersion(AttendeeRecord Attendee, string ETag);
