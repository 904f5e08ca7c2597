using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Access;
using Nmo.Core.Providers;

namespace Nmo.Functions.Http;

/// <summary>Operators create providers: the app role Operator guards the route.</summary>
[RequiresRole(AccessRoles.Operator)]
public sealed class ProviderFunctions(ProviderService providers)
{
    [Function("CreateProvider")]
    public Task<IActionResult> CreateProvider(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/providers")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        // The answer holds the provider's key, shown only this once.
        HttpApi.NoStore(req);
        return HttpApi.WithJsonAsync<CreateProviderRequest>(req, (body, language) =>
            providers.RegisterAsync(body.Name, language, cancellationToken)
                .AnswerAsync(created => HttpApi.Json(created, StatusCodes.Status201Created)),
            cancellationToken);
    }
}
