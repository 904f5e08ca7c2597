using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Nmo.Core.Credentials;

namespace Nmo.Infrastructure.Composition;

/// <summary>
/// In Azure the app does not start without usable signing keys: the postprovision hook puts them into Key Vault, so
/// their absence there is a broken deployment to be seen at once. Elsewhere (<c>func start</c> with settings of
/// one's own) the app runs and only the credential routes refuse, with 503.
/// </summary>
public sealed class CredentialOptionsValidator(IConfiguration configuration) : IValidateOptions<CredentialOptions>
{
    public ValidateOptionsResult Validate(string? name, CredentialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AzureHosting.IsAzure(configuration) && SigningKeyRing.FromSetting(options.SigningKeys).Problem is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
