using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Nmo.Infrastructure.Composition;

namespace Nmo.Infrastructure.Access;

/// <summary>
/// Fails closed: in Azure the app does not start unless tokens are configured or the key fallback is on with a key,
/// since an unconfigured <c>Auth</c> section leaves the portal's and operators' routes open.
/// </summary>
public sealed class AccessOptionsValidator(IConfiguration configuration) : IValidateOptions<AccessOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Audience) && !options.TokensConfigured)
        {
            return ValidateOptionsResult.Fail($"'{AccessOptions.SectionName}:{nameof(AccessOptions.Audience)}' is set but neither '{nameof(AccessOptions.TenantId)}' nor '{nameof(AccessOptions.MetadataAddress)}' says where the signing keys are.");
        }

        // An unresolved reference is its own text: a key anyone who reads the template could send.
        if (options.AllowFunctionKeys && options.FunctionKeys.FirstOrDefault(k => k.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase)) is { Key: { } role })
        {
            return ValidateOptionsResult.Fail($"'{AccessOptions.SectionName}:{nameof(AccessOptions.FunctionKeys)}:{role}' is an unresolved Key Vault reference: put the secret into the vault or turn the fallback off.");
        }

        if (options.AllowFunctionKeys && !options.KeysConfigured && !options.TokensConfigured)
        {
            return ValidateOptionsResult.Fail($"'{AccessOptions.SectionName}:{nameof(AccessOptions.AllowFunctionKeys)}' is on but no '{AccessOptions.SectionName}:{nameof(AccessOptions.FunctionKeys)}:ROLE' is set: nobody could call the protected routes.");
        }

        return AzureHosting.IsAzure(configuration) && !options.Enforced
            ? ValidateOptionsResult.Fail($"No access control is configured: set '{AccessOptions.SectionName}:{nameof(AccessOptions.TenantId)}' and '{AccessOptions.SectionName}:{nameof(AccessOptions.Audience)}' (app settings Auth__TenantId, Auth__Audience; docs/deploy.md), or turn on '{AccessOptions.SectionName}:{nameof(AccessOptions.AllowFunctionKeys)}' with keys. The portal and admin routes would otherwise be open.")
            : ValidateOptionsResult.Success;
    }
}
