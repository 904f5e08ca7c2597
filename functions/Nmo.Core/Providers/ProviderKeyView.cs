namespace Nmo.Core.Providers;

/// <summary>A key as an operator sees it in a listing: never the key, never its hash.</summary>
public sealed record ProviderKeyView(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, string State);
