using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Functions.Http;

/// <summary>Checks the provider key (<c>X-Api-Key</c>) that every provider route requires.</summary>
public sealed class ProviderAuthenticator(ProviderService providers)
{
    public const string Header = "X-Api-Key";

    public async Task<(ProviderRecord? Provider, IActionResult? Error)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var language = HttpApi.LanguageOf(request);
        var key = request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            return (null, HttpApi.Problem(new Problem(401, "auth.missing", Texts.Get("auth.missing", language), Texts.Get("auth.missing", language))));
        }

        var provider = await providers.AuthenticateAsync(key, cancellationToken);
        return provider is null
            ? (null, HttpApi.Problem(new Problem(401, "auth.invalid", Texts.Get("auth.invalid", language), Texts.Get("auth.invalid", language))))
            : (provider, null);
    }
}
