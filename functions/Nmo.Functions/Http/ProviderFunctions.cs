using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Common;
using Nmo.Core.Providers;

namespace Nmo.Functions.Http;

public sealed record CreateProviderRequest(string? Name);

/// <summary>Operators create providers; the admin (master) key guards the route in Azure.</summary>
public sealed class ProviderFunctions(ProviderService providers)
{
    [Function("CreateProvider")]
    public async Task<IActionResult> CreateProvider(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "admin/providers")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (body, error) = await HttpApi.ReadJsonAsync<CreateProviderRequest>(req, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (ProviderService.ValidateName(body!.Name, HttpApi.LanguageOf(req)) is { } detail)
        {
            return HttpApi.Problem(new Problem(422, "provider.invalid", detail, detail));
        }

        var created = await providers.CreateAsync(body.Name!, cancellationToken);
        return HttpApi.Json(created, StatusCodes.Status201Created);
    }
}
