using System.Text.Json.Nodes;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>
/// Reads a compiled template (ARM JSON, as <c>bicep build</c> writes it) and lists every way it would not run
/// the code: a queue, table, container or app setting the code uses that is missing, a key or key-bearing
/// connection string anywhere, a missing or too broad role, local auth left on. An empty list means the
/// template deploys what the code reads. It is a plain function over the JSON so that tests can feed it
/// deliberately broken copies.
/// </summary>
public static class DeploymentTemplateChecker
{
    private const string SitesType = "Microsoft.Web/sites";
    private const string SiteConfigType = "Microsoft.Web/sites/config";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    /// <summary>ARM functions that read keys or mint SAS tokens.</summary>
    private static readonly string[] KeyFunctions =
        ["listKeys(", "listAccountSas(", "listServiceSas(", "listConnectionStrings(", "listCredentials("];

    /// <summary>Fragments of connection strings and URLs that carry a key or a SAS signature.</summary>
    private static readonly string[] KeyMarkers =
        ["AccountKey=", "SharedAccessSignature=", "SharedAccessKey=", "sig="];

    public static IReadOnlyList<string> Check(JsonObject compiledTemplate, DeploymentExpectations expected)
    {
        var template = ArmTemplate.Parse(compiledTemplate);
        var problems = new List<string>();
        CheckStorage(template, expected, problems);
        var settings = AppSettings(template);
        CheckFunctionApp(template, problems);
        CheckAppSettings(settings, expected, problems);
        CheckNoKeys(compiledTemplate, settings, problems);
        CheckRoles(template, expected, problems);
        CheckMonitoringAndVault(template, problems);
        CheckDataProtection(template, problems);
        return problems;
    }

    /// <summary>The root parameter a value comes from, when it does.</summary>
    private static JsonObject? RootParameterOf(ArmTemplate template, object? value) =>
        value is Opaque { RootParameter: { } name } && template.Parameters.TryGetValue(name, out var definition) ? definition : null;

    /// <summary>
    /// Issue 11 item 13: the ledger's account survives a zone (or region) loss, a deleted or overwritten blob can
    /// be recovered, the daily exports are write-once, the code-hash key cannot be purged, and the deployer has no
    /// standing data access unless asked for.
    /// </summary>
    private static void CheckDataProtection(ArmTemplate template, List<string> problems)
    {
        foreach (var account in template.OfType(DeploymentExpectations.StorageAccountType))
        {
            var sku = account.Get("sku", "name");
            var definition = RootParameterOf(template, sku);
            var defaultSku = definition?["defaultValue"]?.GetValue<string>();
            if (definition is null || defaultSku is null)
            {
                problems.Add($"storage account {account.Name}: the redundancy (sku.name) must come from a top-level parameter with a default");
            }
            else if (defaultSku is "Standard_LRS" or "Premium_LRS")
            {
                problems.Add($"storage account {account.Name}: the default redundancy must be zone- or geo-redundant, not {defaultSku}");
            }
        }

        var blobServices = template.OfType("Microsoft.Storage/storageAccounts/blobServices").ToList();
        if (blobServices.Count == 0)
        {
            problems.Add("no blob service settings: blob soft delete and versioning must be on");
        }

        foreach (var service in blobServices)
        {
            if (service.Get("properties", "isVersioningEnabled") is not true)
            {
                problems.Add("blob versioning must be enabled (isVersioningEnabled)");
            }

            if (service.Get("properties", "deleteRetentionPolicy", "enabled") is not true)
            {
                problems.Add("blob soft delete must be enabled (deleteRetentionPolicy)");
            }

            if (service.Get("properties", "containerDeleteRetentionPolicy", "enabled") is not true)
            {
                problems.Add("container soft delete must be enabled (containerDeleteRetentionPolicy)");
            }
        }

        var backups = Nmo.Core.Storage.StorageNames.Containers.Backups;
        var policies = template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies")
            .Where(p => p.Name.Contains("/" + backups + "/", StringComparison.Ordinal))
            .ToList();
        if (policies.Count == 0)
        {
            problems.Add($"blob container '{backups}' must have a time-based immutability policy");
        }

        foreach (var policy in policies)
        {
            var days = policy.Get("properties", "immutabilityPeriodSinceCreationInDays");
            var daysDefault = RootParameterOf(template, days)?["defaultValue"]?.GetValue<int>();
            if (days is not (int or long) && daysDefault is null)
            {
                problems.Add($"the immutability period of '{backups}' must be a number of days or a top-level parameter with a default");
            }
            else if ((days as int? ?? (int?)(days as long?) ?? daysDefault) < 1)
            {
                problems.Add($"the immutability period of '{backups}' must be at least a day");
            }
        }

        var rules = template.OfType("Microsoft.Storage/storageAccounts/managementPolicies")
            .SelectMany(p => p.Get("properties", "policy", "rules") as IReadOnlyList<object?> ?? [])
            .OfType<IReadOnlyDictionary<string, object?>>()
            .ToList();
        var rawPrefix = Nmo.Core.Storage.StorageNames.Containers.Uploads + "/";
        if (!rules.Any(r => RulePrefixes(r).Contains(rawPrefix) && RuleDeletes(r, "baseBlob") && RuleDeletes(r, "version")))
        {
            problems.Add($"a lifecycle rule must delete raw uploads ('{rawPrefix}') and their versions after their retention");
        }

        foreach (var vault in template.OfType(DeploymentExpectations.KeyVaultType))
        {
            if (vault.Get("properties", "enablePurgeProtection") is not true)
            {
                problems.Add($"Key Vault {vault.Name}: enablePurgeProtection must be true (the code-hash key must never be purged)");
            }

            if (vault.Get("properties", "enableSoftDelete") is false)
            {
                problems.Add($"Key Vault {vault.Name}: soft delete must stay on");
            }
        }

        var optIn = template.Parameters.GetValueOrDefault("deployerDataAccess");
        if (optIn?["defaultValue"]?.GetValue<bool>() is not false)
        {
            problems.Add("the deployer's data roles must be opt-in: a top-level bool parameter 'deployerDataAccess' defaulting to false");
        }

        foreach (var assignment in template.OfType(RoleAssignmentType)
            .Where(r => r.Get("properties", "principalId") is Opaque { RootParameter: "principalId" }))
        {
            if (assignment.Raw["condition"]?.ToString() is not { } condition
                || !condition.Contains("deployerDataAccess", StringComparison.Ordinal))
            {
                problems.Add($"role assignment {assignment.Name} for the deploying principal must depend on deployerDataAccess (opt-in)");
            }
        }
    }

    private static IReadOnlyList<string> RulePrefixes(IReadOnlyDictionary<string, object?> rule) =>
        (rule.GetValueOrDefault("definition") as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault("filters")
            is IReadOnlyDictionary<string, object?> filters
            && filters.GetValueOrDefault("prefixMatch") is IReadOnlyList<object?> prefixes
            ? prefixes.Select(ArmExpression.Render).ToList()
            : [];

    private static bool RuleDeletes(IReadOnlyDictionary<string, object?> rule, string target) =>
        (rule.GetValueOrDefault("definition") as IReadOnlyDictionary<string, object?>)?.GetValueOrDefault("actions")
            is IReadOnlyDictionary<string, object?> actions
        && actions.GetValueOrDefault(target) is IReadOnlyDictionary<string, object?> action
        && action.ContainsKey("delete");

    /// <summary>
    /// The parameters file must map the azd environment values to the parameters that have no default, so
    /// <c>azd up --no-prompt</c> never asks; it may not name a parameter the template lacks.
    /// </summary>
    public static IReadOnlyList<string> CheckParametersFile(
        JsonObject compiledTemplate, JsonObject parametersFile, IReadOnlyDictionary<string, string> requiredMappings)
    {
        var problems = new List<string>();
        var template = ArmTemplate.Parse(compiledTemplate);
        var mapped = parametersFile["parameters"] as JsonObject ?? [];
        foreach (var (name, definition) in template.Parameters)
        {
            if (!definition.ContainsKey("defaultValue") && !mapped.ContainsKey(name))
            {
                problems.Add($"parameter '{name}' has no default and is not in the parameters file: azd would prompt for it");
            }
        }

        foreach (var (name, _) in mapped)
        {
            if (!template.Parameters.ContainsKey(name))
            {
                problems.Add($"the parameters file sets '{name}', which the template does not declare");
            }
        }

        foreach (var (parameter, variable) in requiredMappings)
        {
            var value = mapped[parameter]?["value"]?.GetValue<string>() ?? "";
            if (!value.StartsWith("${" + variable + "}", StringComparison.Ordinal)
                && !value.StartsWith("${" + variable + "=", StringComparison.Ordinal))
            {
                problems.Add($"parameter '{parameter}' must be mapped from ${{{variable}}} (found '{value}')");
            }
        }

        return problems;
    }

    private static void CheckStorage(ArmTemplate template, DeploymentExpectations expected, List<string> problems)
    {
        var accounts = template.OfType(DeploymentExpectations.StorageAccountType).ToList();
        if (accounts.Count == 0)
        {
            problems.Add("no storage account is created");
        }

        foreach (var account in accounts)
        {
            var properties = account.Properties;
            if (properties.GetValueOrDefault("allowSharedKeyAccess") is not false)
            {
                problems.Add($"storage account {account.Name}: allowSharedKeyAccess must be false (no shared keys)");
            }

            if (properties.GetValueOrDefault("minimumTlsVersion") as string != "TLS1_2")
            {
                problems.Add($"storage account {account.Name}: minimumTlsVersion must be TLS1_2");
            }

            if (properties.GetValueOrDefault("allowBlobPublicAccess") is not false)
            {
                problems.Add($"storage account {account.Name}: allowBlobPublicAccess must be false");
            }
        }

        RequireChildren(template, "Microsoft.Storage/storageAccounts/queueServices/queues", "queue", expected.Queues, problems);
        RequireChildren(template, "Microsoft.Storage/storageAccounts/tableServices/tables", "table", expected.Tables, problems);
        RequireChildren(template, "Microsoft.Storage/storageAccounts/blobServices/containers", "blob container", expected.Containers, problems);
    }

    private static void RequireChildren(
        ArmTemplate template, string type, string what, IReadOnlyList<string> names, List<string> problems)
    {
        var created = template.OfType(type).Select(r => r.LeafName).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !created.Contains(n)))
        {
            problems.Add($"{what} '{name}' is used by the code but not created by the template");
        }
    }

    private static void CheckFunctionApp(ArmTemplate template, List<string> problems)
    {
        var apps = FunctionApps(template).ToList();
        if (apps.Count != 1)
        {
            problems.Add($"expected exactly one function app, found {apps.Count}");
            return;
        }

        var app = apps[0];
        if (!template.OfType("Microsoft.Web/serverfarms").Any(p => p.Get("sku", "name") as string == "FC1"))
        {
            problems.Add("the function app's plan must be Flex Consumption (sku FC1)");
        }

        if (app.Get("properties", "functionAppConfig", "runtime", "name") as string != "dotnet-isolated"
            || app.Get("properties", "functionAppConfig", "runtime", "version") as string != "10.0")
        {
            problems.Add("functionAppConfig.runtime must be dotnet-isolated 10.0");
        }

        if (app.Get("identity", "type") is not string identityType
            || !identityType.Contains("UserAssigned", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("the function app must run as a user-assigned managed identity");
        }

        if (app.Get("properties", "keyVaultReferenceIdentity") is null or "")
        {
            problems.Add("keyVaultReferenceIdentity must be the user-assigned identity, or Key Vault references do not resolve");
        }

        if (app.Get("properties", "functionAppConfig", "deployment", "storage", "authentication", "type") as string
            != "UserAssignedIdentity")
        {
            problems.Add("the deployment package container must be reached with the user-assigned identity");
        }

        foreach (var setting in new[] { "maximumInstanceCount", "instanceMemoryMB" })
        {
            var value = app.Get("properties", "functionAppConfig", "scaleAndConcurrency", setting);
            if (value is not Opaque { RootParameter: { } parameter }
                || !template.Parameters.TryGetValue(parameter, out var definition)
                || !definition.ContainsKey("defaultValue"))
            {
                problems.Add($"scaleAndConcurrency.{setting} must come from a top-level parameter with a default");
            }
        }
    }

    private static IEnumerable<TemplateResource> FunctionApps(ArmTemplate template) =>
        template.OfType(SitesType).Where(s => s.Get("kind") is string kind
            && kind.Contains("functionapp", StringComparison.OrdinalIgnoreCase));

    /// <summary>A setting as deployed: its evaluated value and the raw JSON it was compiled to.</summary>
    private sealed record AppSetting(string Name, object? Value, string Raw)
    {
        public string Rendered => ArmExpression.Render(Value);
    }

    private static List<AppSetting> AppSettings(ArmTemplate template)
    {
        var settings = new List<AppSetting>();
        foreach (var config in template.OfType(SiteConfigType).Where(c => c.LeafName == "appsettings"))
        {
            var raw = config.Raw["properties"] as JsonObject ?? [];
            foreach (var (name, value) in config.Properties)
            {
                settings.Add(new AppSetting(name, value, raw[name]?.ToJsonString() ?? ""));
            }
        }

        foreach (var site in template.OfType(SitesType))
        {
            var evaluated = site.Get("properties", "siteConfig", "appSettings") as IReadOnlyList<object?> ?? [];
            var raw = site.Raw["properties"]?["siteConfig"]?["appSettings"] as JsonArray ?? [];
            for (var i = 0; i < evaluated.Count; i++)
            {
                if (evaluated[i] is IReadOnlyDictionary<string, object?> pair)
                {
                    settings.Add(new AppSetting(
                        ArmExpression.Render(pair.GetValueOrDefault("name")),
                        pair.GetValueOrDefault("value"),
                        i < raw.Count ? raw[i]?.ToJsonString() ?? "" : ""));
                }
            }
        }

        return settings;
    }

    private static void CheckAppSettings(List<AppSetting> settings, DeploymentExpectations expected, List<string> problems)
    {
        var byName = settings.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.OrdinalIgnoreCase);

        foreach (var name in expected.AppSettings.Where(n => !byName.ContainsKey(n)))
        {
            problems.Add($"app setting '{name}' is read by the code but not written by the template");
        }

        foreach (var name in expected.ForbiddenAppSettings.Where(byName.ContainsKey))
        {
            problems.Add($"app setting '{name}' must not be set (identity-based storage, Flex Consumption)");
        }

        foreach (var name in expected.KeyVaultSettings)
        {
            if (byName.TryGetValue(name, out var secret)
                && !secret.Rendered.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal))
            {
                problems.Add($"app setting '{name}' holds a secret and must be a Key Vault reference");
            }
        }

        var credential = $"{Nmo.Core.Storage.StorageNames.Connection}__credential";
        if (byName.TryGetValue(credential, out var credentialSetting) && credentialSetting.Rendered != "managedidentity")
        {
            problems.Add($"app setting '{credential}' must be 'managedidentity'");
        }

        if (byName.TryGetValue("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", out var auth)
            && !auth.Rendered.StartsWith("Authorization=AAD;ClientId=", StringComparison.Ordinal))
        {
            problems.Add("APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be 'Authorization=AAD;ClientId=<identity client id>'");
        }
    }

    private static void CheckNoKeys(JsonObject compiledTemplate, List<AppSetting> settings, List<string> problems)
    {
        foreach (var setting in settings)
        {
            if (KeyFunctions.Any(f => setting.Raw.Contains(f, StringComparison.OrdinalIgnoreCase))
                || KeyMarkers.Any(m => setting.Rendered.Contains(m, StringComparison.OrdinalIgnoreCase)
                    || setting.Raw.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"app setting '{setting.Name}' carries an account key or SAS");
            }
        }

        foreach (var (path, text) in Strings(compiledTemplate, "$"))
        {
            if (KeyFunctions.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase))
                || KeyMarkers.Any(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"key material in the template at {path}");
            }
        }
    }

    private static IEnumerable<(string Path, string Text)> Strings(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    yield return (path + "." + key, key);
                    foreach (var item in Strings(value, path + "." + key))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var item in Strings(array[i], $"{path}[{i}]"))
                    {
                        yield return item;
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }

    private sealed record Assignment(TemplateResource Resource, string RoleId, object? PrincipalId, object? PrincipalType, string Scope)
    {
        public bool IsForDeployer => PrincipalId is Opaque { RootParameter: "principalId" };

        public bool Grants(BuiltInRole role) => RoleId.Contains(role.Id, StringComparison.OrdinalIgnoreCase);

        public bool IsScopedTo(string type) => Scope.Contains("/providers/" + type + "/", StringComparison.OrdinalIgnoreCase);
    }

    private static void CheckRoles(ArmTemplate template, DeploymentExpectations expected, List<string> problems)
    {
        var assignments = template.OfType(RoleAssignmentType)
            .Select(r => new Assignment(
                r,
                ArmExpression.Render(r.Get("properties", "roleDefinitionId")),
                r.Get("properties", "principalId"),
                r.Get("properties", "principalType"),
                ArmExpression.Render(r.Get("scope"))))
            .ToList();

        var forApp = assignments.Where(a => !a.IsForDeployer).ToList();
        var forDeployer = assignments.Where(a => a.IsForDeployer).ToList();

        foreach (var requirement in expected.AppRoles)
        {
            if (!forApp.Any(a => a.Grants(requirement.Role) && a.IsScopedTo(requirement.ScopeType)))
            {
                problems.Add($"the app's identity lacks '{requirement.Role.Name}' on its {requirement.ScopeType}");
            }
        }

        foreach (var assignment in forApp)
        {
            if (BuiltInRoles.TooBroadForTheApp.FirstOrDefault(assignment.Grants) is { } broad)
            {
                problems.Add($"the app's identity must not get '{broad.Name}' (least privilege)");
            }

            if (!assignment.Scope.Contains("/providers/", StringComparison.Ordinal))
            {
                problems.Add($"role assignment {assignment.Resource.Name} for the app is not scoped to a resource (least privilege)");
            }

            if (assignment.PrincipalType as string != "ServicePrincipal")
            {
                problems.Add($"role assignment {assignment.Resource.Name} for the app's identity must have principalType ServicePrincipal");
            }
        }

        foreach (var requirement in expected.DeployerRoles)
        {
            if (!forDeployer.Any(a => a.Grants(requirement.Role) && a.IsScopedTo(requirement.ScopeType)))
            {
                problems.Add($"the deploying principal lacks '{requirement.Role.Name}' on the {requirement.ScopeType}");
            }
        }

        foreach (var assignment in forDeployer)
        {
            if (assignment.PrincipalType is not Opaque { RootParameter: "principalType" })
            {
                problems.Add($"role assignment {assignment.Resource.Name} for the deploying principal must take its type from the principalType parameter");
            }

            if (assignment.Resource.Raw["condition"] is null)
            {
                problems.Add($"role assignment {assignment.Resource.Name} for the deploying principal must be skipped when principalId is empty");
            }
        }
    }

    private static void CheckMonitoringAndVault(ArmTemplate template, List<string> problems)
    {
        var components = template.OfType(DeploymentExpectations.ApplicationInsightsType).ToList();
        if (components.Count == 0)
        {
            problems.Add("no Application Insights component is created");
        }

        foreach (var component in components.Where(c => c.Get("properties", "DisableLocalAuth") is not true))
        {
            problems.Add($"Application Insights {component.Name}: DisableLocalAuth must be true");
        }

        var workspaces = template.OfType("Microsoft.OperationalInsights/workspaces").ToList();
        if (workspaces.Count == 0)
        {
            problems.Add("no Log Analytics workspace is created");
        }

        foreach (var workspace in workspaces.Where(w => w.Get("properties", "features", "disableLocalAuth") is not true))
        {
            problems.Add($"Log Analytics {workspace.Name}: features.disableLocalAuth must be true");
        }

        var vaults = template.OfType(DeploymentExpectations.KeyVaultType).ToList();
        if (vaults.Count == 0)
        {
            problems.Add("no Key Vault is created");
        }

        foreach (var vault in vaults.Where(v => v.Get("properties", "enableRbacAuthorization") is not true))
        {
            problems.Add($"Key Vault {vault.Name}: enableRbacAuthorization must be true (RBAC mode)");
        }
    }
}
