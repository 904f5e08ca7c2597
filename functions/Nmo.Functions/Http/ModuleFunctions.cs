using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Plan;

namespace Nmo.Functions.Http;

public sealed class ModuleFunctions(ProviderRoutes routes, ModuleCompletionService completions)
{
    [Function("CompleteModule")]
    public Task<IActionResult> CompleteModule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/modules/{moduleId}/completions")] HttpRequest req,
        string moduleId,
        CancellationToken cancellationToken) =>
        routes.HandleJsonAsync<CompletionRequest>(req, (provider, body, language) =>
            completions.CompleteAsync(provider, moduleId, body, language, cancellationToken)
                .AnswerAsync(credited => HttpApi.Json(credited, credited.AlreadyCredited ? StatusCodes.Status200OK : StatusCodes.Status201Created)),
            cancellationToken);
}
