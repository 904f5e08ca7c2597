namespace Nmo.Core.Attendance;

/// <summary>Where the header was found: its line as the file counts it, and how many known columns it names.</summary>
/// <param name="SkippedContent">Lines with something in them (a title, a date) are above it and were skipped.</param>
internal sealed record HeaderMatch(int Line, string Delimiter, int Score, bool SkippedContent);
