namespace Nmo.Core.Codes;

/// <summary>A provider's request to re-issue an attendee's certificate (lost, deleted, never arrived).</summary>
public sealed record ReissueRequest(string? Email);
