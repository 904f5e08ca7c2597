namespace Nmo.Core.Providers;

public sealed record ProviderRecord(string ProviderId, string Name, string KeyHash, DateTimeOffset CreatedAt);
