namespace Nmo.Core.Providers;

public sealed record ProviderCreated(string ProviderId, string ApiKey);
