namespace Nmo.Core.Configuration;

/// <summary>
/// Configuration keys the code reads, in .NET's <c>Section:Key</c> form. As app settings and environment
/// variables the colon is written <c>__</c> (<see cref="AsAppSetting"/>); the Bicep templates write exactly these.
/// </summary>
public static class SettingNames
{
    public const string SendGridApiKey = "SendGrid:ApiKey";
    public const string SendGridHost = "SendGrid:Host";
    public const string SendGridFromEmail = "SendGrid:FromEmail";
    public const string SendGridFromName = "SendGrid:FromName";
    public const string SendGridSandboxMode = "SendGrid:SandboxMode";
    public const string SendGridWebhookPublicKey = "SendGrid:WebhookPublicKey";
    public const string EmailOutboxDirectory = "Email:OutboxDirectory";
    public const string EmailPortalUrl = "Email:PortalUrl";
    public const string CodeHashKey = Codes.CodeOptions.SectionName + ":" + nameof(Codes.CodeOptions.HashKey);
    public const string UploadMaxBytes = Uploads.UploadOptions.SectionName + ":" + nameof(Uploads.UploadOptions.MaxBytes);
    public const string PublicBaseUrl = Certificates.CertificateOptions.SectionName + ":" + nameof(Certificates.CertificateOptions.PublicBaseUrl);
    public const string CredentialSigningKeys = Credentials.CredentialOptions.SectionName + ":" + nameof(Credentials.CredentialOptions.SigningKeys);

    // Access without shared keys (issue 16 item 4): the section Nmo.Infrastructure.Access.AccessOptions binds.
    public const string AuthTenantId = "Auth:TenantId";
    public const string AuthAudience = "Auth:Audience";
    public const string AuthClientId = "Auth:ClientId";
    public const string AuthAllowFunctionKeys = "Auth:AllowFunctionKeys";

    /// <summary>Settings the app needs in Azure (the rest have safe defaults).</summary>
    public static IReadOnlyList<string> RequiredInAzure { get; } =
        [SendGridApiKey, SendGridFromEmail, CodeHashKey, PublicBaseUrl, CredentialSigningKeys];

    public static string AsAppSetting(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
