namespace Nmo.Functions.Http;

/// <summary>What an operator sends to create a provider.</summary>
public sealed record CreateProviderRequest(string? Name);
