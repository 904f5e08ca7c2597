namespace Nmo.Core.Activations;

public sealed record ActivationResult(string EventId, string Title, decimal Credits, DateTimeOffset ActivatedAt, bool AlreadyActivated);
