namespace Nmo.Core.Events;

/// <summary>A registered or changed event; <paramref name="Created"/> when it did not exist before.</summary>
public sealed record EventSaved(EventRecord Event, bool Created);
