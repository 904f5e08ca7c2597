using Nmo.Core.Configuration;
using Nmo.Core.Storage;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>An Azure built-in role: its id is the same in every tenant.</summary>
public sealed record BuiltInRole(string Name, string Id);

public static class BuiltInRoles
{
    public static readonly BuiltInRole Owner = new("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    public static readonly BuiltInRole Contributor = new("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c");
    public static readonly BuiltInRole UserAccessAdministrator = new("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
    public static readonly BuiltInRole StorageAccountContributor = new("Storage Account Contributor", "17d1049b-9a84-46fb-8f53-869881c3d3ab");
    public static readonly BuiltInRole StorageBlobDataOwner = new("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
    public static readonly BuiltInRole StorageBlobDataContributor = new("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe");
    public static readonly BuiltInRole StorageQueueDataContributor = new("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88");
    public static readonly BuiltInRole StorageTableDataContributor = new("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3");
    public static readonly BuiltInRole MonitoringMetricsPublisher = new("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb");
    public static readonly BuiltInRole KeyVaultSecretsUser = new("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6");
    public static readonly BuiltInRole KeyVaultSecretsOfficer = new("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7");
    public static readonly BuiltInRole KeyVaultAdministrator = new("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483");

    /// <summary>Roles that manage resources or access itself: the app's identity needs none of them.</summary>
    public static IReadOnlyList<BuiltInRole> TooBroadForTheApp { get; } =
        [Owner, Contributor, UserAccessAdministrator, StorageAccountContributor, KeyVaultAdministrator, KeyVaultSecretsOfficer];
}

/// <summary>A role that must be assigned, and the type of resource it must be scoped to.</summary>
public sealed record RoleRequirement(BuiltInRole Role, string ScopeType);

/// <summary>
/// What the deployment must provide for the code to run, taken from the code's own names
/// (<see cref="StorageNames"/>, <see cref="SettingNames"/>) so a renamed queue or a new required setting
/// fails the check until the templates follow.
/// </summary>
public sealed record DeploymentExpectations(
    IReadOnlyList<string> Queues,
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> Containers,
    IReadOnlyList<string> AppSettings,
    IReadOnlyList<string> KeyVaultSettings,
    IReadOnlyList<string> ForbiddenAppSettings,
    IReadOnlyList<RoleRequirement> AppRoles,
    IReadOnlyList<RoleRequirement> DeployerRoles)
{
    public const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    public const string ApplicationInsightsType = "Microsoft.Insights/components";
    public const string KeyVaultType = "Microsoft.KeyVault/vaults";

    /// <summary>The identity-based connection settings the Functions host and <c>StorageClients</c> read.</summary>
    public static IReadOnlyList<string> IdentityConnectionSettings { get; } =
        ["credential", "clientId", "blobServiceUri", "queueServiceUri", "tableServiceUri"];

    public static DeploymentExpectations FromCode()
    {
        var queues = StorageNames.Queues.All
            .SelectMany(q => new[] { q, StorageNames.Queues.Poison(q) })
            .ToList();

        var secrets = new[] { SettingNames.SendGridApiKey, SettingNames.CodeHashKey, SettingNames.SendGridWebhookPublicKey, SettingNames.CredentialSigningKeys }
            .Select(SettingNames.AsAppSetting)
            .ToList();

        var settings = IdentityConnectionSettings.Select(s => $"{StorageNames.Connection}__{s}")
            .Concat(SettingNames.RequiredInAzure.Select(SettingNames.AsAppSetting))
            .Concat(secrets)
            .Concat(new[] { SettingNames.SendGridFromName, SettingNames.EmailPortalUrl }.Select(SettingNames.AsAppSetting))
            .Concat(new[] { SettingNames.AuthTenantId, SettingNames.AuthAudience, SettingNames.AuthClientId, SettingNames.AuthAllowFunctionKeys }.Select(SettingNames.AsAppSetting))
            .Concat(["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "AZURE_CLIENT_ID"])
            .Distinct(StringComparer.Ordinal)
            .ToList();

        return new DeploymentExpectations(
            Queues: queues,
            Tables: StorageNames.Tables.All,
            Containers: StorageNames.Containers.All,
            AppSettings: settings,
            KeyVaultSettings: secrets,
            // A plain AzureWebJobsStorage is a connection string (with a key); Flex Consumption rejects the two
            // runtime settings (the runtime is functionAppConfig.runtime there).
            ForbiddenAppSettings:
            [
                StorageNames.Connection,
                "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
                "FUNCTIONS_WORKER_RUNTIME",
                "FUNCTIONS_EXTENSION_VERSION",
            ],
            AppRoles:
            [
                new(BuiltInRoles.StorageBlobDataOwner, StorageAccountType),
                new(BuiltInRoles.StorageQueueDataContributor, StorageAccountType),
                new(BuiltInRoles.StorageTableDataContributor, StorageAccountType),
                new(BuiltInRoles.MonitoringMetricsPublisher, ApplicationInsightsType),
                new(BuiltInRoles.KeyVaultSecretsUser, KeyVaultType),
            ],
            DeployerRoles:
            [
                new(BuiltInRoles.KeyVaultSecretsOfficer, KeyVaultType),
                new(BuiltInRoles.StorageTableDataContributor, StorageAccountType),
            ]);
    }
}
