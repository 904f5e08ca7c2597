using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Telemetry;

namespace Nmo.Core.Email;

/// <summary>
/// Applies the mail service's delivery reports (SendGrid's Event Webhook: delivered, bounce, dropped, spamreport) to
/// the recorded state of the e-mail each names by its <c>nmo_key</c> custom argument: a certificate's state on its
/// attendee (and the upload status: a bounced certificate counts as failed, with a line saying why), a credit
/// notice's in the e-mail state store. Repeated and out-of-order reports are harmless: a state only moves forward.
/// </summary>
public sealed class DeliveryReportService(
    IDeliveryReportSignature signature,
    ICertificateStateStore certificates,
    IEmailStateStore emails,
    UploadEmailReport report,
    TimeProvider time,
    ILogger<DeliveryReportService> logger)
{
    public const string KeyArgument = "nmo_key";

    /// <summary>SendGrid posts batches far below this; a bigger body is refused before it is read whole.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    /// <summary>How far the signed timestamp may be from now: a captured call replayed later is refused.</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(5);

    public async Task<Result<DeliveryReportsApplied>> HandleAsync(string payload, string? signatureHeader, string? timestampHeader, Language language, CancellationToken cancellationToken)
    {
        if (!signature.IsConfigured)
        {
            logger.LogError("Delivery reports received but no verification key is configured; refusing them.");
            return Problem.Of(ProblemType.DeliveryReportsNotConfigured, language);
        }

        if (string.IsNullOrWhiteSpace(signatureHeader) || string.IsNullOrWhiteSpace(timestampHeader))
        {
            return Problem.Of(ProblemType.DeliveryReportUnsigned, language);
        }

        if (!signature.Verify(payload, signatureHeader.Trim(), timestampHeader.Trim()))
        {
            logger.LogWarning("Delivery reports with a wrong signature refused.");
            return Problem.Of(ProblemType.DeliveryReportBadSignature, language);
        }

        // Checked after the signature, which covers the timestamp: only a genuine old call is called stale.
        if (!long.TryParse(timestampHeader.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimestampTolerance)
        {
            logger.LogWarning("Delivery reports signed at {Timestamp}, outside {Tolerance} of now, refused as a replay.", timestampHeader.Trim(), TimestampTolerance);
            return Problem.Of(ProblemType.DeliveryReportStale, language, (int)TimestampTolerance.TotalMinutes);
        }

        List<DeliveryReport> reports;
        try
        {
            reports = Parse(payload);
        }
        catch (JsonException e)
        {
            return Problem.Of(ProblemType.BodyInvalidJson, language, e.Message);
        }

        var applied = 0;
        var failures = new List<(string UploadId, Uploads.AttendeeRecord Attendee, string Status, string? Reason)>();
        foreach (var e in reports)
        {
            if (CertificateMailer.TryParseKey(e.Key, out var eventId, out var attendeeKey, out var codeHashPrefix))
            {
                var result = await certificates.ApplyDeliveryReportAsync(eventId, attendeeKey, codeHashPrefix, e.Status, e.Reason, current => Moves(current, e.Status), cancellationToken);
                if (result is null)
                {
                    continue;
                }

                applied++;
                var uploadId = result.Attendee.UploadId;
                if (EmailStatus.IsFailure(e.Status))
                {
                    failures.Add((uploadId, result.Attendee, e.Status, e.Reason));
                    NmoMetrics.CertificatesBounced.Add(1, new KeyValuePair<string, object?>(NmoMetrics.EmailStatusTag, e.Status));
                }

                logger.LogInformation("Certificate {Key}: {Previous} → {Status}.", e.Key, result.PreviousStatus, e.Status);
            }
            else if (e.Key.StartsWith(CreditNotifier.KeyPrefix, StringComparison.Ordinal) && await ApplyToEmailAsync(e, cancellationToken))
            {
                applied++;
                logger.LogInformation("Credit notice {Key}: {Status}.", e.Key, e.Status);
            }
        }

        foreach (var group in failures.GroupBy(f => f.UploadId))
        {
            await report.AddFailuresAsync(group.Key, group.Select(f => (f.Attendee, f.Status, f.Reason)), cancellationToken);
        }

        return new DeliveryReportsApplied(applied, reports.Count - applied);
    }

    /// <summary>
    /// Whether an e-mail in <paramref name="current"/> takes <paramref name="next"/>. Outcomes only move forward:
    /// sent → delivered → spam report; a bounce or drop ends it. A repeat of the same report changes nothing.
    /// </summary>
    public static bool Moves(string? current, string next) => next switch
    {
        EmailStatus.Delivered => current is EmailStatus.Sending or EmailStatus.Sent,
        EmailStatus.Bounced or EmailStatus.Dropped => current is EmailStatus.Sending or EmailStatus.Sent or EmailStatus.Delivered,
        EmailStatus.SpamReport => current is EmailStatus.Sending or EmailStatus.Sent or EmailStatus.Delivered,
        _ => false,
    };

    private async Task<bool> ApplyToEmailAsync(DeliveryReport e, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var state = await emails.FindAsync(e.Key, cancellationToken);
            if (state is null || !Moves(state.Status, e.Status))
            {
                return false;
            }

            if (await emails.TryUpdateAsync(state with { Status = e.Status, Error = e.Reason ?? state.Error }, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>SendGrid posts a JSON array of reports ("events"); custom arguments appear as top-level properties of each.</summary>
    private static List<DeliveryReport> Parse(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("an array of events is expected");
        }

        var reports = new List<DeliveryReport>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var status = String(item, "event") switch
            {
                "delivered" => EmailStatus.Delivered,
                "bounce" => EmailStatus.Bounced,
                "dropped" => EmailStatus.Dropped,
                "spamreport" => EmailStatus.SpamReport,
                _ => null,
            };
            var key = String(item, KeyArgument);
            if (status is null || string.IsNullOrWhiteSpace(key))
            {
                reports.Add(new DeliveryReport(string.Empty, string.Empty, null));
                continue;
            }

            var reason = String(item, "reason");
            var code = String(item, "status");
            var text = status is EmailStatus.Bounced or EmailStatus.Dropped
                ? LogMask.Redact(string.Join(" ", new[] { reason, code is null ? null : $"({code})" }.Where(s => !string.IsNullOrWhiteSpace(s))))
                : null;
            reports.Add(new DeliveryReport(key, status, text is null ? null : text.Length == 0 ? status : text));
        }

        return reports;
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record DeliveryReport(string Key, string Status, string? Reason);
}
