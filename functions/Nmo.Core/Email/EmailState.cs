namespace Nmo.Core.Email;

/// <summary>The state of a single e-mail that has no record of its own to carry it (a credit notice), by its key.</summary>
public sealed record EmailState(string Key, string Status, DateTimeOffset? ClaimedAt, DateTimeOffset? SentAt, string? Error, string ETag);
