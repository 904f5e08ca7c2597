namespace Nmo.Core.Attendance;

/// <summary>What an upload is checked against. The thresholds come from the event; the size limit from configuration.</summary>
/// <param name="MinAttendanceMinutes">Attendees with fewer minutes are not eligible; the file then needs a minutes column.</param>
/// <param name="MinPresenceShare">Attendees with a smaller share (0..1) are not eligible; the file then needs a presence column.</param>
/// <param name="MaxBytes">Files larger than this are refused; bytes are counted while reading, so a stream of unknown length is safe too.</param>
public sealed record AttendanceRules(int? MinAttendanceMinutes = null, decimal? MinPresenceShare = null, long MaxBytes = 100L * 1024 * 1024)
{
    public static AttendanceRules Default { get; } = new();
}
