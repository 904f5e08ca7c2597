using Nmo.Core.Attendance;

namespace Nmo.Core.Uploads;

/// <summary>
/// What validating streamed bytes found: the counts, and the rejected rows' issues held (all of them unless
/// <paramref name="Overflowed"/>).
/// </summary>
internal sealed record StreamedValidation(ValidationReport Report, IReadOnlyList<RowIssue> Issues, bool Overflowed);
