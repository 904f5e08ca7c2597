using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Common;
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
        var language = HttpApi.LanguageOf(req);
        var tooLarge = Problem.Of(ProblemType.DeliveryReportTooLarge, language, DeliveryReportService.MaxPayloadBytes / 1024);
        if (req.ContentLength > DeliveryReportService.MaxPayloadBytes)
        {
            return new ProblemResult(tooLarge);
        }

        // Anonymous: never read more than the cap, whatever Content-Length said (or did not say, when chunked).
        // The signature covers the exact bytes sent, so the body is kept as is, never re-serialised.
        var buffer = new byte[DeliveryReportService.MaxPayloadBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await req.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > DeliveryReportService.MaxPayloadBytes)
        {
            return new ProblemResult(tooLarge);
        }

        var payload = Encoding.UTF8.GetString(buffer, 0, length);
        return await reports.HandleAsync(
                payload,
                req.Headers[SendGridEventSignature.SignatureHeader].ToString(),
                req.Headers[SendGridEventSignature.TimestampHeader].ToString(),
                language,
                cancellationToken)
            .AnswerAsync(applied => HttpApi.Json(applied));
    }
}
