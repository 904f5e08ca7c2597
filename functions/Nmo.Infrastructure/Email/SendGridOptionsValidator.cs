using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;
using Nmo.Infrastructure.Composition;

namespace Nmo.Infrastructure.Email;

/// <summary>
/// In Azure, e-mail must go through SendGrid: a missing key there would send every certificate into an <c>.eml</c>
/// outbox on an instance's disk, where no attendee ever reads it. An unresolved Key Vault reference for the API key is
/// refused everywhere. The webhook's verification key is not checked here: without it (or with an unresolved
/// reference) the webhook refuses every call (<see cref="SendGridEventSignature"/>), which fails closed on its own.
/// </summary>
public sealed class SendGridOptionsValidator(IConfiguration configuration) : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (IsUnresolvedReference(options.ApiKey))
        {
            failures.Add(Unresolved(SettingNames.SendGridApiKey));
        }

        if (AzureHosting.IsAzure(configuration))
        {
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                failures.Add($"'{SettingNames.SendGridApiKey}' (app setting '{SettingNames.AsAppSetting(SettingNames.SendGridApiKey)}') " +
                    "is not configured: in Azure e-mail goes only through SendGrid, never to the local .eml outbox.");
            }

            if (string.IsNullOrWhiteSpace(options.FromEmail) && string.IsNullOrWhiteSpace(configuration["Email:FromEmail"]))
            {
                failures.Add($"'{SettingNames.SendGridFromEmail}' (app setting '{SettingNames.AsAppSetting(SettingNames.SendGridFromEmail)}') " +
                    "is not configured: SendGrid sends only from a verified sender.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>True for what App Service passes instead of the secret when it cannot read the vault.</summary>
    public static bool IsUnresolvedReference(string? value) =>
        value is not null && value.TrimStart().StartsWith(CodeSecrets.UnresolvedKeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase);

    private static string Unresolved(string setting) =>
        $"'{setting}' (app setting '{SettingNames.AsAppSetting(setting)}') is an unresolved Key Vault reference: the app could not " +
        "read the secret (check the secret's name and the app identity's 'Key Vault Secrets User' role, then restart the app).";
}
