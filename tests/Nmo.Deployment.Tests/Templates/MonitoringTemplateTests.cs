using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nmo.Core.Storage;
using Nmo.Core.Telemetry;
using Nmo.Deployment.Tests.Bicep;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>
/// What tells the operator (infra/modules/monitoring.bicep, docs/operations.md): an action group e-mailing the azd
/// parameter, every alert the runbook describes wired to it, and alert and workbook queries over the metric names
/// the code emits (<see cref="NmoMetrics"/>), so a rename on either side fails here.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class MonitoringTemplateTests(CompiledTemplateFixture compiled)
{
    private const string ActionGroupType = "Microsoft.Insights/actionGroups";
    private const string LogAlertType = "Microsoft.Insights/scheduledQueryRules";
    private const string MetricAlertType = "Microsoft.Insights/metricAlerts";

    /// <summary>The alerts docs/operations.md explains, by the part of their name that says what they watch.</summary>
    private static readonly string[] LogAlerts = ["poison-messages", "certificate-failures", "activation-errors", "upload-queue-age"];
    private static readonly string[] MetricAlerts = ["keyvault-access", "storage-access"];

    [Fact]
    public void The_action_group_emails_the_address_azd_passes_and_has_no_receiver_without_one()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")))!["parameters"]!;
        Assert.StartsWith("${NMO_ALERT_EMAIL", parameters["alertEmail"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("", compiled.Template()["parameters"]!["alertEmail"]!["defaultValue"]!.GetValue<string>());
        Assert.Equal("[parameters('alertEmail')]", MonitoringArguments(compiled.Template())["alertEmail"]!["value"]!.GetValue<string>());

        var receiver = Assert.Single(Receivers(WithAlertEmail("ops@clinic.example")));
        Assert.Equal("ops@clinic.example", receiver["emailAddress"]);
        Assert.Equal(true, receiver["useCommonAlertSchema"]);

        var silent = WithAlertEmail("");
        Assert.Empty(Receivers(silent));
        Assert.Equal(LogAlerts.Length + MetricAlerts.Length, silent.OfType(LogAlertType).Count() + silent.OfType(MetricAlertType).Count());
    }

    [Fact]
    public void Every_alert_the_runbook_describes_exists_enabled_and_notifies_the_action_group()
    {
        var template = ArmTemplate.Parse(compiled.Template());
        var actionGroupId = $"/providers/{ActionGroupType}/{Assert.Single(template.OfType(ActionGroupType)).Name}";
        var runbook = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"));

        foreach (var (type, names) in new[] { (LogAlertType, LogAlerts), (MetricAlertType, MetricAlerts) })
        {
            var alerts = template.OfType(type).ToList();
            Assert.Equal(names.Order(), alerts.Select(a => names.Single(n => a.Name.Contains(n, StringComparison.Ordinal))).Order());
            foreach (var alert in alerts)
            {
                Assert.Equal(true, alert.Get("properties", "enabled"));
                var notified = type == LogAlertType
                    ? ((IReadOnlyList<object?>)alert.Get("properties", "actions", "actionGroups")!).Select(ArmExpression.Render)
                    : ((IReadOnlyList<object?>)alert.Get("properties", "actions")!).Select(a => ArmExpression.Render(((IReadOnlyDictionary<string, object?>)a!)["actionGroupId"]));
                Assert.Contains(notified, id => id.EndsWith(actionGroupId, StringComparison.Ordinal));
                var description = (string)alert.Get("properties", "description")!;
                var section = Regex.Match(description, "docs/operations.md, \"([^\"]+)\"").Groups[1].Value;
                Assert.True(section.Length > 0 && runbook.Contains("## " + section, StringComparison.Ordinal), $"{alert.Name} points to a runbook section that is missing: '{section}'.");
            }
        }

        var thresholds = template.OfType(LogAlertType).ToDictionary(
            a => LogAlerts.Single(n => a.Name.Contains(n, StringComparison.Ordinal)),
            a => ((IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)a.Get("properties", "criteria", "allOf")!)[0]!)["threshold"]);
        Assert.Equal("certificateFailureAlertPercent", Assert.IsType<Opaque>(thresholds["certificate-failures"]).RootParameter);
        Assert.Equal("uploadQueueAgeAlertMinutes", Assert.IsType<Opaque>(thresholds["upload-queue-age"]).RootParameter);
    }

    [Fact]
    public void Alert_queries_read_the_metrics_and_tags_the_code_emits()
    {
        var template = ArmTemplate.Parse(compiled.Template());
        var queries = template.OfType(LogAlertType).ToDictionary(
            a => LogAlerts.Single(n => a.Name.Contains(n, StringComparison.Ordinal)),
            a => (string)((IReadOnlyDictionary<string, object?>)((IReadOnlyList<object?>)a.Get("properties", "criteria", "allOf")!)[0]!)["query"]!);

        foreach (var query in queries.Values)
        {
            AssertEmitted(query);
        }

        Assert.Equal([NmoMetrics.PoisonDepthName], MetricNames(queries["poison-messages"]));
        Assert.Equal([NmoMetrics.CertificatesBouncedName, NmoMetrics.CertificatesFailedName, NmoMetrics.CertificatesSentName], MetricNames(queries["certificate-failures"]).Order());
        Assert.Equal([NmoMetrics.ActivationsName], MetricNames(queries["activation-errors"]));
        Assert.Contains($"\"{NmoMetrics.ServerErrorStatus}\"", queries["activation-errors"], StringComparison.Ordinal);
        Assert.Equal([NmoMetrics.QueueOldestAgeName], MetricNames(queries["upload-queue-age"]));
        Assert.Contains($"\"{StorageNames.Queues.Uploads}\"", queries["upload-queue-age"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_workbook_is_deployed_from_its_file_and_charts_every_metric_the_code_emits()
    {
        var file = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "workbooks", "operations.json"));
        var workbook = JsonNode.Parse(file)!;
        var queries = workbook["items"]!.AsArray().Select(i => i!["content"]?["query"]?.GetValue<string>()).OfType<string>().ToList();

        foreach (var query in queries)
        {
            AssertEmitted(query);
        }

        Assert.Equal(NmoMetrics.All.Order(), queries.SelectMany(MetricNames).Distinct().Order());

        // Bicep inlines loadTextContent as a variable of the module's template, which serializedData reads.
        var root = compiled.Template();
        var loaded = Assert.Single(root["resources"]!["monitoring"]!["properties"]!["template"]!["variables"]!.AsObject(), v => v.Value is JsonValue value && value.TryGetValue<string>(out var text) && text == file);
        var deployed = Assert.Single(ArmTemplate.Parse(root).OfType("Microsoft.Insights/workbooks"));
        Assert.Contains($"variables('{loaded.Key}')", deployed.Raw["properties"]!["serializedData"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("/providers/Microsoft.Insights/components/" + Assert.Single(ArmTemplate.Parse(compiled.Template()).OfType("Microsoft.Insights/components")).Name,
            ArmExpression.Render(deployed.Get("properties", "sourceId")), StringComparison.Ordinal);
    }

    /// <summary>Every metric name and tag key the query reads is one the code records.</summary>
    private static void AssertEmitted(string query)
    {
        Assert.NotEmpty(MetricNames(query));
        Assert.All(MetricNames(query), name => Assert.Contains(name, NmoMetrics.All));
        string[] tags = [NmoMetrics.ActivationStatusTag, NmoMetrics.EmailStatusTag, NmoMetrics.QueueTag];
        Assert.All(TagPattern().Matches(query).Select(m => m.Groups[1].Value), tag => Assert.Contains(tag, tags));
    }

    private static List<string> MetricNames(string query) => [.. MetricPattern().Matches(query).Select(m => m.Groups[1].Value).Distinct()];

    [GeneratedRegex("(?<!\\[)\"(nmo\\.[a-z0-9_.]+)\"")]
    private static partial Regex MetricPattern();

    [GeneratedRegex("customDimensions\\[\"([^\"]+)\"\\]")]
    private static partial Regex TagPattern();

    private static JsonObject MonitoringArguments(JsonObject root) =>
        root["resources"]!["monitoring"]!["properties"]!["parameters"]!.AsObject();

    /// <summary>The template as deployed with <paramref name="address"/> given to the monitoring module.</summary>
    private ArmTemplate WithAlertEmail(string address)
    {
        var root = compiled.Template();
        MonitoringArguments(root)["alertEmail"] = new JsonObject { ["value"] = address };
        return ArmTemplate.Parse(root);
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Receivers(ArmTemplate template) =>
        [.. ((IReadOnlyList<object?>)Assert.Single(template.OfType(ActionGroupType)).Get("properties", "emailReceivers")!).Cast<IReadOnlyDictionary<string, object?>>()];
}
