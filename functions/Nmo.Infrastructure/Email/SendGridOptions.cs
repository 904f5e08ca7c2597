namespace Nmo.Infrastructure.Email;

/// <summary>Bound from the <c>SendGrid</c> section (see <c>SettingNames</c>); the sender address is in <c>EmailOptions</c>.</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "SendGrid";

    /// <summary>SendGrid accepts at most this many personalizations in one request.</summary>
    public const int MaxPersonalizationsPerRequest = 1000;

    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The sender address as the deployment writes it (<c>SendGrid:FromEmail</c>); it overrides <c>Email:FromEmail</c>.</summary>
    public string? FromEmail { get; set; }

    public string? FromName { get; set; }

    /// <summary>The Event Webhook's verification key (Base64 DER); without it every delivery report is refused.</summary>
    public string? WebhookPublicKey { get; set; }

    /// <summary>Overrides <c>https://api.sendgrid.com</c>, for proxies and tests.</summary>
    public string? Host { get; set; }

    /// <summary>SendGrid validates the request but delivers nothing.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>Tries per request, the first included; 429 and 5xx answers and network errors are retried.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First back-off when SendGrid gives no <c>Retry-After</c>; doubled on every further try.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest single wait. A <c>Retry-After</c> asking for more ends the tries at once (a non-permanent failure, so
    /// the message queue retries later) instead of holding a function instance idle.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int RecipientsPerRequest { get; set; } = MaxPersonalizationsPerRequest;
}
