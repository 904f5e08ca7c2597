namespace Nmo.Core.Email;

/// <summary>
/// Settings shared by both senders and the templates. Bound from the <c>Email</c> section; the sender address is
/// also read from <c>SendGrid:FromEmail</c>/<c>SendGrid:FromName</c> because that is where the deployment writes it.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>Configuration key of <see cref="TemplatesDirectory"/>.</summary>
    public const string TemplatesDirectorySetting = "Email:TemplatesDirectory";

    /// <summary>Where the local sender writes <c>.eml</c> files; relative paths are under the working directory.</summary>
    public string OutboxDirectory { get; set; } = ".nmo/outbox";

    /// <summary>Optional folder whose template files replace the built-in ones of the same name.</summary>
    public string? TemplatesDirectory { get; set; }

    /// <summary>The portal where doctors activate codes (their "Личный кабинет").</summary>
    public string PortalUrl { get; set; } = "https://www.sovetnmo.ru";

    public string FromEmail { get; set; } = "noreply@nmo.example";

    public string FromName { get; set; } = "НМО";
}
