using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nmo.Deployment.Tests.Bicep;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>
/// The checker is only worth something if it fails on a broken template: each case breaks one thing in a
/// copy of the compiled template and expects the checker to name it.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class TemplateCheckerMutationTests(CompiledTemplateFixture compiled)
{
    private const string AppSettingsType = "Microsoft.Web/sites/config";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    private static readonly Dictionary<string, Action<JsonObject>> Mutations = new()
    {
        ["missing-queue-role"] = t => Remove(AppRole(t, "storageQueueDataContributor")),
        ["role-at-resource-group"] = t => AppRole(t, "keyVaultSecretsUser").Remove("scope"),
        ["broad-role"] = t => AppRole(t, "storageTableDataContributor")["properties"]!["roleDefinitionId"] =
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]",
        ["hard-coded-principal-type"] = t => DeployerRole(t, "keyVaultSecretsOfficer")["properties"]!["principalType"] = "User",
        ["key-in-setting"] = t => Settings(t)["AzureWebJobsStorage"] =
            "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', parameters('storageAccountName'), " +
            "listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')), '2024-01-01').keys[0].value)]",
        ["sas-in-setting"] = t => Settings(t)["Uploads__ContainerUrl"] =
            "[format('{0}attendance-uploads?sv=2024-05-04&sr=c&sp=rw&sig=abc', parameters('deploymentContainerUrl'))]",
        ["plain-secret"] = t => Settings(t)["SendGrid__ApiKey"] = "SG.not-a-key-vault-reference",
        ["plain-webhook-key"] = t => Settings(t)["SendGrid__WebhookPublicKey"] = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
        ["missing-webhook-key"] = t => Settings(t).Remove("SendGrid__WebhookPublicKey"),
        ["missing-setting"] = t => Settings(t).Remove("Codes__HashKey"),
        ["worker-runtime-setting"] = t => Settings(t)["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
        ["missing-table"] = t => RemoveValue((JsonArray)t["variables"]!["tableNames"]!, "Throttle"),
        ["missing-container"] = t => t["variables"]!["containerNames"] = new JsonArray(),
        ["missing-poison-queues"] = t => Remove(Single(t, "Microsoft.Storage/storageAccounts/queueServices/queues",
            r => r["name"]!.GetValue<string>().Contains("-poison", StringComparison.Ordinal))),
        ["shared-keys"] = t => Single(t, "Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"] = true,
        ["insights-local-auth"] = t => Single(t, "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"] = false,
        ["vault-access-policies"] = t => Single(t, "Microsoft.KeyVault/vaults")["properties"]!["enableRbacAuthorization"] = false,
        ["not-flex"] = t => Single(t, "Microsoft.Web/serverfarms")["sku"] = new JsonObject { ["name"] = "Y1", ["tier"] = "Dynamic" },
        ["old-runtime"] = t => Single(t, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["runtime"]!["version"] = "8.0",
        ["no-key-vault-identity"] = t => ((JsonObject)Single(t, "Microsoft.Web/sites")["properties"]!).Remove("keyVaultReferenceIdentity"),
        ["lrs-default"] = t => t["parameters"]!["storageSku"]!["defaultValue"] = "Standard_LRS",
        ["fixed-sku"] = t => Single(t, "Microsoft.Storage/storageAccounts")["sku"]!["name"] = "Standard_ZRS",
        ["no-versioning"] = t => Single(t, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!["isVersioningEnabled"] = false,
        ["no-blob-soft-delete"] = t => ((JsonObject)Single(t, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!).Remove("deleteRetentionPolicy"),
        ["no-container-soft-delete"] = t => Single(t, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!["containerDeleteRetentionPolicy"]!["enabled"] = false,
        ["no-backup-immutability"] = t => Remove(Single(t, "Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies")),
        ["no-raw-upload-lifecycle"] = t => ((JsonArray)Single(t, "Microsoft.Storage/storageAccounts/managementPolicies")["properties"]!["policy"]!["rules"]!).RemoveAt(0),
        ["no-purge-protection"] = t => ((JsonObject)Single(t, "Microsoft.KeyVault/vaults")["properties"]!).Remove("enablePurgeProtection"),
        ["deployer-roles-by-default"] = t => t["parameters"]!["deployerDataAccess"]!["defaultValue"] = true,
        ["standing-deployer-role"] = t => DeployerRole(t, "storageTableDataContributor")["condition"] =
            "[not(empty(parameters('deployerPrincipalId')))]",
        ["fixed-instance-count"] = t =>
            Single(t, "Microsoft.Web/sites")["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["maximumInstanceCount"] = 100,
    };

    [Theory]
    [InlineData("missing-queue-role", "lacks 'Storage Queue Data Contributor'")]
    [InlineData("role-at-resource-group", "not scoped to a resource")]
    [InlineData("broad-role", "must not get 'Contributor'")]
    [InlineData("hard-coded-principal-type", "must take its type from the principalType parameter")]
    [InlineData("key-in-setting", "'AzureWebJobsStorage' carries an account key")]
    [InlineData("sas-in-setting", "'Uploads__ContainerUrl' carries an account key or SAS")]
    [InlineData("plain-secret", "'SendGrid__ApiKey' holds a secret and must be a Key Vault reference")]
    [InlineData("missing-setting", "'Codes__HashKey' is read by the code")]
    [InlineData("plain-webhook-key", "'SendGrid__WebhookPublicKey' holds a secret and must be a Key Vault reference")]
    [InlineData("missing-webhook-key", "'SendGrid__WebhookPublicKey' is read by the code")]
    [InlineData("worker-runtime-setting", "'FUNCTIONS_WORKER_RUNTIME' must not be set")]
    [InlineData("missing-table", "table 'Throttle' is used by the code")]
    [InlineData("missing-container", "blob container 'attendance-uploads' is used by the code")]
    [InlineData("missing-poison-queues", "queue 'credit-events-poison' is used by the code")]
    [InlineData("shared-keys", "allowSharedKeyAccess must be false")]
    [InlineData("insights-local-auth", "DisableLocalAuth must be true")]
    [InlineData("vault-access-policies", "RBAC mode")]
    [InlineData("not-flex", "Flex Consumption")]
    [InlineData("old-runtime", "dotnet-isolated 10.0")]
    [InlineData("no-key-vault-identity", "keyVaultReferenceIdentity")]
    [InlineData("fixed-instance-count", "maximumInstanceCount must come from a top-level parameter")]
    [InlineData("lrs-default", "default redundancy must be zone- or geo-redundant, not Standard_LRS")]
    [InlineData("fixed-sku", "redundancy (sku.name) must come from a top-level parameter")]
    [InlineData("no-versioning", "blob versioning must be enabled")]
    [InlineData("no-blob-soft-delete", "blob soft delete must be enabled")]
    [InlineData("no-container-soft-delete", "container soft delete must be enabled")]
    [InlineData("no-backup-immutability", "'backups' must have a time-based immutability policy")]
    [InlineData("no-raw-upload-lifecycle", "must delete raw uploads ('attendance-uploads/')")]
    [InlineData("no-purge-protection", "enablePurgeProtection must be true")]
    [InlineData("deployer-roles-by-default", "must be opt-in")]
    [InlineData("standing-deployer-role", "must depend on deployerDataAccess")]
    public void Checker_reports_a_broken_copy_of_the_compiled_template(string mutation, string expectedProblem)
    {
        var template = compiled.Template();
        Mutations[mutation](template);

        var problems = DeploymentTemplateChecker.Check(template, DeploymentExpectations.FromCode());

        Assert.Contains(problems, p => p.Contains(expectedProblem, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_mutation_has_a_case()
    {
        var cases = typeof(TemplateCheckerMutationTests).GetMethod(nameof(Checker_reports_a_broken_copy_of_the_compiled_template))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false)
            .Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]);

        Assert.Equal(Mutations.Keys.Order(), cases.Order());
    }

    [Fact]
    public void Checker_reports_a_key_and_a_missing_role_written_in_bicep()
    {
        // The same two mistakes made in the Bicep sources, compiled by the real CLI: what a careless edit produces.
        var copy = Directory.CreateTempSubdirectory("nmo-bicep-broken-").FullName;
        try
        {
            TestFiles.CopyDirectory(RepositoryPaths.Infra, copy);
            var functionApp = Path.Combine(copy, "modules", "functionapp.bicep");
            File.WriteAllText(functionApp, File.ReadAllText(functionApp).Replace(
                "    AzureWebJobsStorage__credential: 'managedidentity'",
                "    AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value}'\n" +
                "    AzureWebJobsStorage__credential: 'managedidentity'",
                StringComparison.Ordinal));
            var roles = Path.Combine(copy, "modules", "roles.bicep");
            var withoutQueueRole = Regex.Replace(
                File.ReadAllText(roles), @"resource appQueueContributor .*?\n}\n", "", RegexOptions.Singleline);
            Assert.NotEqual(File.ReadAllText(roles), withoutQueueRole);
            File.WriteAllText(roles, withoutQueueRole);

            var build = BicepCli.Run("build", Path.Combine(copy, "main.bicep"), "--stdout");
            Assert.True(build.ExitCode == 0, build.Errors);

            var problems = DeploymentTemplateChecker.Check(JsonNode.Parse(build.Output)!.AsObject(), DeploymentExpectations.FromCode());

            Assert.Contains(problems, p => p.Contains("'AzureWebJobsStorage' carries an account key", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("lacks 'Storage Queue Data Contributor'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static IEnumerable<JsonObject> AllResources(JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>().ToList(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static JsonObject Single(JsonObject template, string type, Func<JsonObject, bool>? where = null) =>
        AllResources(template).Single(r => r["type"]?.GetValue<string>() == type && (where?.Invoke(r) ?? true));

    private static JsonObject Settings(JsonObject template) =>
        (JsonObject)Single(template, AppSettingsType, r => r["name"]!.GetValue<string>().Contains("appsettings", StringComparison.Ordinal))["properties"]!;

    private static JsonObject AppRole(JsonObject template, string role) =>
        Single(template, RoleAssignmentType, r => RoleIs(r, role) && r["properties"]!["principalType"]!.GetValue<string>() == "ServicePrincipal");

    private static JsonObject DeployerRole(JsonObject template, string role) =>
        Single(template, RoleAssignmentType, r => RoleIs(r, role) && r["properties"]!["principalType"]!.GetValue<string>() != "ServicePrincipal");

    private static bool RoleIs(JsonObject assignment, string role) =>
        assignment["properties"]!["roleDefinitionId"]!.GetValue<string>().EndsWith("." + role + ")]", StringComparison.Ordinal);

    private static void Remove(JsonObject resource)
    {
        switch (resource.Parent)
        {
            case JsonArray array:
                array.Remove(resource);
                break;
            case JsonObject symbolic:
                symbolic.Remove(symbolic.Single(p => ReferenceEquals(p.Value, resource)).Key);
                break;
        }
    }

    private static void RemoveValue(JsonArray array, string value) =>
        array.Remove(array.Single(n => n!.GetValue<string>() == value));
}
