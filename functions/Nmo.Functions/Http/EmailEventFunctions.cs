using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Email;
using Nmo.Infrastructure.Email;

namespace Nmo.Functions.Http;

/// <summary>
/// SendGrid's Event Webhook. Anonymous at the Functions level because SendGrid cannot send a function key; every
/// call must instead carry SendGrid's ECDSA signature, and with no verification key configured every call is refused (503).
/// </summary>
public sealed class EmailEventFunctions(EmailEventService service)
{
    [Function("EmailEvents")]
    public async Task<IActionResult> EmailEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "email/events")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        // The signature covers the exact bytes sent, so the body is read as is, never re-serialised.
        using var reader = new StreamReader(req.Body, System.Text.Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        var outcome = await service.HandleAsync(
            payload,
            req.Headers[SendGridEventSignature.SignatureHeader].ToString(),
            req.Headers[SendGridEventSignature.TimestampHeader].ToString(),
            HttpApi.LanguageOf(req),
            cancellationToken);
        return outcome switch
        {
            EmailEventOutcome.Accepted accepted => HttpApi.Json(new { applied = accepted.Applied, ignored = accepted.Ignored }),
            EmailEventOutcome.Refused refused => HttpApi.Problem(refused.Problem),
            _ => throw new InvalidOperationException(),
        };
    }
}
