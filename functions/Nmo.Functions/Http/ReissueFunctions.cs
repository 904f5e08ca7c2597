using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Codes;

namespace Nmo.Functions.Http;

/// <summary>A provider re-issues an attendee's lost certificate: a new code, the old one revoked.</summary>
public sealed class ReissueFunctions(ProviderAuthenticator auth, CodeReissueService reissues)
{
    [Function("ReissueCode")]
    public async Task<IActionResult> ReissueCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/reissues")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken)
    {
        var (provider, denied) = await auth.AuthenticateAsync(req, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await HttpApi.ReadJsonAsync<ReissueRequest>(req, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return await reissues.ReissueAsync(provider!, eventId, body!, HttpApi.LanguageOf(req), cancellationToken) switch
        {
            ReissueOutcome.Reissued reissued => HttpApi.Json(reissued.Result, StatusCodes.Status202Accepted),
            ReissueOutcome.Refused refused => HttpApi.Problem(refused.Problem, req),
            _ => throw new InvalidOperationException(),
        };
    }
}
