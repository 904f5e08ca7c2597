using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Email;

/// <summary>Checks that a webhook call was signed by the mail service (SendGrid's signed Event Webhook).</summary>
public interface IEmailEventSignature
{
    /// <summary>False when no verification key is configured: then no call can be trusted.</summary>
    bool IsConfigured { get; }

    bool Verify(string payload, string signature, string timestamp);
}

public abstract record EmailEventOutcome
{
    private EmailEventOutcome()
    {
    }

    /// <param name="Applied">Events that changed the recorded state of an e-mail.</param>
    /// <param name="Ignored">Events of other kinds, for unknown e-mails, or repeats.</param>
    public sealed record Accepted(int Applied, int Ignored) : EmailEventOutcome;

    public sealed record Refused(Problem Problem) : EmailEventOutcome;
}

/// <summary>
/// Applies SendGrid's delivery events (delivered, bounce, dropped, spamreport) to the recorded state of the e-mail
/// each names by its <c>nmo_key</c> custom argument: a certificate's state on its attendee (and the upload status:
/// a bounced certificate counts as failed, with a line saying why), a credit notice's in the e-mail state store.
/// Repeated and out-of-order events are harmless: a state only moves forward.
/// </summary>
public sealed class EmailEventService(
    IEmailEventSignature signature,
    ICertificateStateStore certificates,
    IEmailStateStore emails,
    UploadEmailReport report,
    ILogger<EmailEventService> logger)
{
    public const string KeyArgument = "nmo_key";

    public async Task<EmailEventOutcome> HandleAsync(string payload, string? signatureHeader, string? timestampHeader, Language language, CancellationToken cancellationToken)
    {
        if (!signature.IsConfigured)
        {
            logger.LogError("E-mail event webhook called but no verification key is configured; refusing it.");
            return Refuse(503, "email-events.not-configured", language);
        }

        if (string.IsNullOrWhiteSpace(signatureHeader) || string.IsNullOrWhiteSpace(timestampHeader))
        {
            return Refuse(401, "email-events.unsigned", language);
        }

        if (!signature.Verify(payload, signatureHeader.Trim(), timestampHeader.Trim()))
        {
            logger.LogWarning("E-mail event webhook call with a wrong signature refused.");
            return Refuse(403, "email-events.bad-signature", language);
        }

        List<MailEvent> events;
        try
        {
            events = Parse(payload);
        }
        catch (JsonException e)
        {
            var detail = Texts.Get("body.invalid-json", language, e.Message);
            return new EmailEventOutcome.Refused(new Problem(400, "body.invalid-json", detail, detail));
        }

        var applied = 0;
        var counts = new Dictionary<string, (int Emailed, int Failed)>(StringComparer.Ordinal);
        var failures = new List<(string UploadId, Uploads.AttendeeRecord Attendee, string Status, string? Reason)>();
        foreach (var e in events)
        {
            if (CertificateMailer.TryParseKey(e.Key, out var eventId, out var attendeeKey))
            {
                var result = await certificates.ApplyEventAsync(eventId, attendeeKey, e.Status, e.Reason, current => Moves(current, e.Status), cancellationToken);
                if (result is null)
                {
                    continue;
                }

                applied++;
                var uploadId = result.Attendee.UploadId;
                var (emailed, failed) = counts.GetValueOrDefault(uploadId);
                counts[uploadId] = (
                    emailed + Flag(EmailStatus.IsAccepted(e.Status)) - Flag(EmailStatus.IsAccepted(result.PreviousStatus)),
                    failed + Flag(EmailStatus.IsFailure(e.Status)) - Flag(EmailStatus.IsFailure(result.PreviousStatus)));
                if (EmailStatus.IsFailure(e.Status))
                {
                    failures.Add((uploadId, result.Attendee, e.Status, e.Reason));
                }

                logger.LogInformation("Certificate {Key}: {Previous} → {Status}.", e.Key, result.PreviousStatus, e.Status);
            }
            else if (e.Key.StartsWith(CreditNotifier.KeyPrefix, StringComparison.Ordinal) && await ApplyToEmailAsync(e, cancellationToken))
            {
                applied++;
                logger.LogInformation("Credit notice {Key}: {Status}.", e.Key, e.Status);
            }
        }

        foreach (var (uploadId, (emailed, failed)) in counts)
        {
            await report.CountAsync(uploadId, emailed, failed, cancellationToken);
        }

        foreach (var group in failures.GroupBy(f => f.UploadId))
        {
            await report.AddFailuresAsync(group.Key, group.Select(f => (f.Attendee, f.Status, f.Reason)), cancellationToken);
        }

        return new EmailEventOutcome.Accepted(applied, events.Count - applied);
    }

    /// <summary>
    /// Whether an e-mail in <paramref name="current"/> takes <paramref name="next"/>. Outcomes only move forward:
    /// sent → delivered → spam report; a bounce or drop ends it. A repeat of the same event changes nothing.
    /// </summary>
    public static bool Moves(string? current, string next) => next switch
    {
        EmailStatus.Delivered => current is EmailStatus.Sending or EmailStatus.Sent,
        EmailStatus.Bounced or EmailStatus.Dropped => current is EmailStatus.Sending or EmailStatus.Sent or EmailStatus.Delivered,
        EmailStatus.SpamReport => current is EmailStatus.Sending or EmailStatus.Sent or EmailStatus.Delivered,
        _ => false,
    };

    private async Task<bool> ApplyToEmailAsync(MailEvent e, CancellationToken cancellationToken)
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

    /// <summary>SendGrid posts a JSON array of events; custom arguments appear as top-level properties of each.</summary>
    private static List<MailEvent> Parse(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("an array of events is expected");
        }

        var events = new List<MailEvent>();
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
                events.Add(new MailEvent(string.Empty, string.Empty, null));
                continue;
            }

            var reason = String(item, "reason");
            var code = String(item, "status");
            var text = status is EmailStatus.Bounced or EmailStatus.Dropped
                ? LogMask.Redact(string.Join(" ", new[] { reason, code is null ? null : $"({code})" }.Where(s => !string.IsNullOrWhiteSpace(s))))
                : null;
            events.Add(new MailEvent(key, status, text is null ? null : text.Length == 0 ? status : text));
        }

        return events;
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Flag(bool value) => value ? 1 : 0;

    private static EmailEventOutcome.Refused Refuse(int status, string code, Language language)
    {
        var text = Texts.Get(code, language);
        return new EmailEventOutcome.Refused(new Problem(status, code, text, text));
    }

    private sealed record MailEvent(string Key, string Status, string? Reason);
}
