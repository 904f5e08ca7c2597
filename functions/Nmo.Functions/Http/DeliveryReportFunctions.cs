using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Email;
using Nmo.Infrastructure.Email;

namespace Nmo.Functions.Http;

/// <summary>
/// The mail service's delivery reports: SendGrid's Event Webhook. Anonymous at the Functions level because SendGrid
/// cannot send a function key; every call must instead carry SendGrid's ECDSA signature, and with no verification
/// key configured every call is refused (503).
/// </summary>
public sealed class DeliveryReportFunctions(DeliveryReportService reports)
{
    // The function keeps the name it was deployed with: monitoring and alerts refer to it.
    [Function("EmailEvents")]
    public async Task<IActionResult> ReceiveDeliveryReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/email/events")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        // The signature covers the exact bytes sent, so the body is read as is, never re-serialised.
        using var reader = new StreamReader(req.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(cancellationToken);
        return await reports.HandleAsync(
                payload,
                req.Headers[SendGridEventSignature.SignatureHeader].ToString(),
                req.Headers[SendGridEventSignature.TimestampHeader].ToString(),
                HttpApi.LanguageOf(req),
                cancellationToken)
            .AnswerAsync(applied => HttpApi.Json(applied));
    }
}
