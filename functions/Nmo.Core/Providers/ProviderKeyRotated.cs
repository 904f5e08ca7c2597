namespace Nmo.Core.Providers;

/// <summary>A rotation's answer: the new key, shown this once, and when the keys before it stop working.</summary>
public sealed record ProviderKeyRotated(string ProviderId, string KeyId, string ApiKey, DateTimeOffset PreviousKeysExpireAt);
