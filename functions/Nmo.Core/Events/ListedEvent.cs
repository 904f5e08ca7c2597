namespace Nmo.Core.Events;

/// <summary>An event as stored, with the storage's ETag of that version (what a client sends back in <c>If-Match</c>).</summary>
public sealed record ListedEvent(EventRecord Event, string ETag);
