using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Codes;

namespace Nmo.Functions.Http;

/// <summary>A provider withdraws an attendee uploaded by mistake: the code revoked, a credit it earned reversed.</summary>
public sealed class WithdrawalFunctions(ProviderRoutes routes, WithdrawalService withdrawals)
{
    [Function("WithdrawAttendee")]
    public Task<IActionResult> WithdrawAttendee(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/withdrawals")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken) =>
        routes.HandleJsonAsync<WithdrawalRequest>(req, (provider, body, language) =>
            withdrawals.WithdrawAsync(provider, eventId, body, language, cancellationToken)
                .AnswerAsync(withdrawn => HttpApi.Json(withdrawn)),
            cancellationToken);
}
