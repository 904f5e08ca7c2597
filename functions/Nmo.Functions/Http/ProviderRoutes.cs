using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Functions.Http;

/// <summary>
/// What every provider route does before its own work: check the provider key (<c>X-Api-Key</c>) and, for routes
/// with a JSON body, read it. The key is checked first, so a caller without a valid key never has its body read.
/// </summary>
public sealed class ProviderRoutes(ProviderService providers)
{
    public const string Header = "X-Api-Key";

    public async Task<IActionResult> HandleAsync(
        HttpRequest request, Func<ProviderRecord, Language, Task<IActionResult>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);

        // Everything behind a provider key is that provider's: attendees' names and addresses, their row reports.
        HttpApi.NoStore(request);
        var language = HttpApi.LanguageOf(request);
        var provider = await AuthenticateAsync(request, language, cancellationToken);
        return provider.IsOk ? await handle(provider.Value, language) : new ProblemResult(provider.Problem);
    }

    public Task<IActionResult> HandleJsonAsync<TBody>(
        HttpRequest request, Func<ProviderRecord, TBody, Language, Task<IActionResult>> handle, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(handle);
        return HandleAsync(
            request,
            (provider, _) => HttpApi.WithJsonAsync<TBody>(request, (body, language) => handle(provider, body, language), cancellationToken),
            cancellationToken);
    }

    private async Task<Result<ProviderRecord>> AuthenticateAsync(HttpRequest request, Language language, CancellationToken cancellationToken)
    {
        var key = request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            return Problem.Of(ProblemType.AuthMissing, language);
        }

        var provider = await providers.AuthenticateAsync(key, cancellationToken);
        return provider is null ? Problem.Of(ProblemType.AuthInvalid, language) : provider;
    }
}
