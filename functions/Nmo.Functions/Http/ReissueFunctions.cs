using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Codes;

namespace Nmo.Functions.Http;

/// <summary>A provider re-issues an attendee's lost certificate: a new code, the old one revoked.</summary>
public sealed class ReissueFunctions(ProviderRoutes routes, CodeReissueService reissues)
{
    [Function("ReissueCode")]
    public Task<IActionResult> ReissueCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/reissues")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken) =>
        routes.HandleJsonAsync<ReissueRequest>(req, (provider, body, language) =>
            reissues.ReissueAsync(provider, eventId, body, language, cancellationToken)
                .AnswerAsync(reissued => HttpApi.Json(reissued, StatusCodes.Status202Accepted)),
            cancellationToken);
}
