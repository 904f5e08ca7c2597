using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Plan;

namespace Nmo.Functions.Http;

public sealed class ModuleFunctions(ProviderAuthenticator auth, ModuleCompletionService completions)
{
    [Function("CompleteModule")]
    public async Task<IActionResult> CompleteModule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "modules/{moduleId}/completions")] HttpRequest req,
        string moduleId,
        CancellationToken cancellationToken)
    {
        var (provider, denied) = await auth.AuthenticateAsync(req, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await HttpApi.ReadJsonAsync<CompletionRequest>(req, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return await completions.CompleteAsync(provider!, moduleId, body!, HttpApi.LanguageOf(req), cancellationToken) switch
        {
            CompletionOutcome.Credited credited => HttpApi.Json(credited.Result, credited.Result.AlreadyCredited ? StatusCodes.Status200OK : StatusCodes.Status201Created),
            CompletionOutcome.Refused refused => HttpApi.Problem(refused.Problem),
            _ => throw new InvalidOperationException(),
        };
    }
}
