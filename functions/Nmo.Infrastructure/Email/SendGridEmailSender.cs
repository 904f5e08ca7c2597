using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nmo.Core.Email;
using Nmo.Core.Telemetry;
using SendGrid;
using SendGrid.Helpers.Mail;
using SendGrid.Helpers.Reliability;

namespace Nmo.Infrastructure.Email;

/// <summary>
/// Sends a batch through SendGrid's v3 mail/send: one request per up to 1,000 recipients, each a personalization
/// whose substitutions fill the content's <c>{{placeholders}}</c> and whose custom args carry the recipient key
/// (<c>nmo_key</c>) and the batch category (<c>nmo_category</c>) back in event webhooks. This class is the only
/// retry policy: the SDK's own handler is bypassed (it never retries 429 anyway).
/// </summary>
public sealed class SendGridEmailSender : IEmailSender, IDisposable
{
    public const string KeyArgument = "nmo_key";
    public const string CategoryArgument = "nmo_category";

    private readonly SendGridOptions options;
    private readonly EmailOptions email;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Func<TimeSpan, CancellationToken, Task> delay;
    private readonly HttpClient? ownedHttpClient;
    private readonly SendGridClient client;

    /// <param name="httpClient">Used as is (not disposed); without one the sender makes and owns its own.</param>
    /// <param name="delay">How to wait between tries; defaults to a timer of <paramref name="time"/>. Tests record instead of sleeping.</param>
    public SendGridEmailSender(
        SendGridOptions options,
        EmailOptions email,
        TimeProvider time,
        ILogger<SendGridEmailSender>? logger = null,
        HttpClient? httpClient = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(email);
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            throw new InvalidOperationException("SendGrid is not configured: set 'SendGrid:ApiKey'.");
        }

        this.options = options;
        this.email = email;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        this.delay = delay ?? ((wait, token) => Task.Delay(wait, this.time, token));
        if (httpClient is null)
        {
            ownedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = options.RequestTimeout,
            };
            httpClient = ownedHttpClient;
        }

        var clientOptions = new SendGridClientOptions
        {
            ApiKey = options.ApiKey,
            HttpErrorAsException = false,

            // Only consulted when the SDK builds its own HttpClient, which it never does here; zero retries keeps it
            // that way should that ever change.
            ReliabilitySettings = new ReliabilitySettings(),
        };
        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            clientOptions.Host = options.Host;
        }

        client = new SendGridClient(httpClient, clientOptions);
    }

    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var sent = new List<string>();
        var failures = new List<EmailFailure>();
        var deliverable = new List<EmailRecipient>(batch.Recipients.Count);
        foreach (var recipient in batch.Recipients)
        {
            // One bad address would make SendGrid refuse the whole request of up to 1,000 recipients.
            if (OutboxEmailSender.IsValidAddress(recipient.Address))
            {
                deliverable.Add(recipient);
            }
            else
            {
                logger.LogWarning("Not sending e-mail {Key}: invalid address {Address}", recipient.Key, LogMask.Email(recipient.Address));
                failures.Add(new EmailFailure(recipient.Key, "Invalid e-mail address.", Permanent: true));
            }
        }

        var size = Math.Clamp(options.RecipientsPerRequest, 1, SendGridOptions.MaxPersonalizationsPerRequest);
        foreach (var chunk in deliverable.Chunk(size))
        {
            // One client span per request (its retries are HttpClient's child spans), so a trace shows what SendGrid answered.
            using var activity = NmoTelemetry.Source.StartActivity("SendGrid mail/send", ActivityKind.Client);
            activity?.SetTag("server.address", options.Host ?? "api.sendgrid.com");
            activity?.SetTag("nmo.email.category", batch.Category);
            activity?.SetTag("nmo.email.recipients", chunk.Length);
            var outcome = await SendChunkAsync(batch, chunk, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                activity?.SetStatus(ActivityStatusCode.Error, outcome.Reason);
            }

            if (outcome is null)
            {
                sent.AddRange(chunk.Select(r => r.Key));
            }
            else
            {
                failures.AddRange(chunk.Select(r => outcome with { Key = r.Key }));
            }
        }

        return new EmailSendResult(sent, failures);
    }

    public void Dispose() => ownedHttpClient?.Dispose();

    /// <summary>Null when SendGrid accepted the request; otherwise the failure every recipient of it shares (key left blank).</summary>
    private async Task<EmailFailure?> SendChunkAsync(EmailBatch batch, EmailRecipient[] chunk, CancellationToken cancellationToken)
    {
        var message = BuildMessage(batch, chunk);
        for (var attempt = 1; ; attempt++)
        {
            Response? response = null;
            var reason = string.Empty;
            try
            {
                response = await client.SendEmailAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                reason = $"SendGrid could not be reached: {ex.Message}";
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = "SendGrid did not answer in time.";
            }

            if (response is not null)
            {
                var status = (int)response.StatusCode;
                var body = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                response.Body?.Dispose();
                if (response.IsSuccessStatusCode)
                {
                    logger.LogInformation(
                        "SendGrid accepted {Count} e-mail(s) of category {Category} (attempt {Attempt}, HTTP {Status})",
                        chunk.Length, batch.Category, attempt, status);
                    return null;
                }

                reason = LogMask.Redact(DescribeError(status, body));
                if (!IsTransient(response.StatusCode))
                {
                    var permanent = response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
                    logger.Log(
                        permanent ? LogLevel.Warning : LogLevel.Error,
                        "SendGrid refused {Count} e-mail(s) of category {Category}: {Reason}",
                        chunk.Length, batch.Category, reason);

                    // A bad API key or missing permission is the operator's to fix, not the recipients' fault:
                    // those messages must go out once it is fixed, so they are not reported as permanent.
                    return new EmailFailure(string.Empty, reason, permanent);
                }
            }

            if (attempt >= Math.Max(1, options.MaxAttempts))
            {
                logger.LogWarning(
                    "Giving up on {Count} e-mail(s) of category {Category} after {Attempts} attempts: {Reason}",
                    chunk.Length, batch.Category, attempt, reason);
                return new EmailFailure(string.Empty, $"{reason} (gave up after {attempt} attempts)", Permanent: false);
            }

            var asked = response is null ? null : RetryAfter(response);
            if (asked > options.MaxDelay)
            {
                logger.LogWarning(
                    "SendGrid asks to wait {Wait} before retrying {Count} e-mail(s) of category {Category}; leaving them for a later retry",
                    asked, chunk.Length, batch.Category);
                return new EmailFailure(string.Empty, $"{reason} (SendGrid asks to retry after {asked.Value.TotalSeconds:0} s)", Permanent: false);
            }

            var wait = asked ?? Backoff(attempt);
            logger.LogWarning(
                "SendGrid attempt {Attempt} for {Count} e-mail(s) of category {Category} failed ({Reason}); retrying in {Wait}",
                attempt, chunk.Length, batch.Category, reason, wait);
            await delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    private SendGridMessage BuildMessage(EmailBatch batch, EmailRecipient[] chunk)
    {
        var message = new SendGridMessage
        {
            From = new EmailAddress(email.FromEmail, NullIfBlank(email.FromName)),
            Subject = batch.Content.Subject,
            PlainTextContent = batch.Content.Text,
            HtmlContent = batch.Content.Html,
            Categories = [batch.Category],
            Personalizations = [.. chunk.Select(recipient => new Personalization
            {
                Tos = [new EmailAddress(recipient.Address.Trim(), NullIfBlank(recipient.Name))],
                Substitutions = recipient.Values.Count == 0
                    ? null
                    : recipient.Values.ToDictionary(kv => "{{" + kv.Key + "}}", kv => kv.Value, StringComparer.Ordinal),
                CustomArgs = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [KeyArgument] = recipient.Key,
                    [CategoryArgument] = batch.Category,
                },
            })],
        };
        if (options.SandboxMode)
        {
            message.SetSandBoxMode(true);
        }

        return message;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The wait SendGrid asked for: <c>Retry-After</c> (seconds or an HTTP date), else its rate-limit reset time.</summary>
    private TimeSpan? RetryAfter(Response response)
    {
        var headers = response.Headers;
        if (headers?.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var until = date - time.GetUtcNow();
                return until < TimeSpan.Zero ? TimeSpan.Zero : until;
            }
        }

        if (headers is not null && headers.TryGetValues("X-RateLimit-Reset", out var values) &&
            long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var until = DateTimeOffset.FromUnixTimeSeconds(resetSeconds) - time.GetUtcNow();
            return until < TimeSpan.Zero ? TimeSpan.Zero : until;
        }

        return null;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exponential = options.InitialDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);

        // Up to a fifth more, so many instances throttled at once do not all come back in the same instant.
        var jittered = exponential * (1 + (Random.Shared.NextDouble() * 0.2));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, options.MaxDelay.TotalMilliseconds));
    }

    /// <summary>SendGrid explains a refusal as <c>{"errors":[{"message","field","help"}]}</c>; anything else is quoted briefly.</summary>
    private static string DescribeError(int status, string body)
    {
        var messages = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    var text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                    var field = error.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        messages.Add(string.IsNullOrWhiteSpace(field) ? text : $"{text} ({field})");
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not SendGrid's JSON (a proxy's page, say): the raw text below is all there is.
        }

        if (messages.Count == 0 && !string.IsNullOrWhiteSpace(body))
        {
            messages.Add(body.Length > 200 ? body[..200] + "…" : body.Trim());
        }

        return messages.Count == 0 ? $"SendGrid answered HTTP {status}." : $"SendGrid answered HTTP {status}: {string.Join("; ", messages)}";
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
