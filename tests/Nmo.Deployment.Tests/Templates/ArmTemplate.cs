using System.Text.Json.Nodes;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>
/// One resource a compiled template declares, with its name and properties evaluated as far as the template
/// allows (modules' parameters are followed into their nested templates; copy loops are expanded).
/// </summary>
/// <param name="Type">Resource type, e.g. <c>Microsoft.Storage/storageAccounts/queueServices/queues</c>.</param>
/// <param name="Name">Evaluated name; unknown parts read <c>⟨?⟩</c>.</param>
/// <param name="Body">The evaluated resource object (properties, identity, sku, scope, condition...).</param>
/// <param name="Raw">The resource exactly as compiled, for checks on the expressions themselves.</param>
/// <param name="Path">Where it sits: the chain of module (deployment) names.</param>
public sealed record TemplateResource(
    string Type,
    string Name,
    IReadOnlyDictionary<string, object?> Body,
    JsonObject Raw,
    string Path)
{
    /// <summary>The last segment of the name: a child resource's own name (a queue's, a table's).</summary>
    public string LeafName => Name[(Name.LastIndexOf('/') + 1)..];

    public object? Get(params string[] path)
    {
        object? current = Body;
        foreach (var segment in path)
        {
            if (current is not IReadOnlyDictionary<string, object?> map || !map.TryGetValue(segment, out current))
            {
                return null;
            }
        }

        return current;
    }

    public IReadOnlyDictionary<string, object?> Properties =>
        Get("properties") as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>();
}

/// <summary>A compiled (ARM JSON) template, read with the evaluator in <see cref="ArmExpression"/>.</summary>
public sealed class ArmTemplate
{
    private ArmTemplate(JsonObject root, IReadOnlyList<TemplateResource> resources)
    {
        Root = root;
        Resources = resources;
    }

    public JsonObject Root { get; }

    /// <summary>Every resource in the template and in the modules it deploys, modules themselves included.</summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    public IEnumerable<TemplateResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>Top-level parameters: name to definition.</summary>
    public IReadOnlyDictionary<string, JsonObject> Parameters =>
        (Root["parameters"] as JsonObject ?? [])
            .ToDictionary(p => p.Key, p => p.Value as JsonObject ?? [], StringComparer.OrdinalIgnoreCase);

    public static ArmTemplate Parse(JsonObject root)
    {
        var resources = new List<TemplateResource>();
        Collect(new Scope(root, parent: null, arguments: null, copyIndex: null), "", resources);
        return new ArmTemplate(root, resources);
    }

    /// <summary>Turns JSON into evaluator values, evaluating every expression string on the way.</summary>
    public static object? Evaluate(JsonNode? node, IArmScope scope) => node switch
    {
        null => null,
        JsonObject obj => obj.Where(p => p.Key != "copy" || p.Value is not JsonArray)
            .ToDictionary(p => EvaluateKey(p.Key, scope), p => Evaluate(p.Value, scope), StringComparer.OrdinalIgnoreCase)
            as IReadOnlyDictionary<string, object?>,
        JsonArray array => array.Select(item => Evaluate(item, scope)).ToList(),
        JsonValue value when value.TryGetValue<string>(out var text) => EvaluateString(text, scope),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        JsonValue value when value.TryGetValue<long>(out var number) => number,
        _ => node.ToJsonString(),
    };

    private static string EvaluateKey(string key, IArmScope scope) => ArmExpression.Render(EvaluateString(key, scope));

    private static object? EvaluateString(string text, IArmScope scope)
    {
        if (ArmExpression.IsExpression(text))
        {
            return ArmExpression.Evaluate(text[1..^1], scope);
        }

        return text.StartsWith("[[", StringComparison.Ordinal) ? text[1..] : text;
    }

    private static IEnumerable<JsonObject> RawResources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static void Collect(Scope scope, string path, List<TemplateResource> into)
    {
        foreach (var raw in RawResources(scope.Template))
        {
            if (raw["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            var count = 1L;
            long? loopCount = null;
            if (raw["copy"] is JsonObject copy)
            {
                loopCount = Evaluate(copy["count"], scope) as long?;
                count = loopCount ?? 1;
            }

            for (var i = 0L; i < count; i++)
            {
                var itemScope = raw["copy"] is JsonObject ? scope.WithCopyIndex(loopCount is null ? null : i) : scope;
                var type = raw["type"]?.GetValue<string>() ?? "";
                var name = ArmExpression.Render(Evaluate(raw["name"], itemScope));
                var nested = IsDeployment(type) ? raw["properties"]?["template"] as JsonObject : null;
                var body = (IReadOnlyDictionary<string, object?>)Evaluate(nested is null ? raw : WithoutTemplate(raw), itemScope)!;
                into.Add(new TemplateResource(type, name, body, raw, path));

                if (nested is not null)
                {
                    var arguments = raw["properties"]?["parameters"] as JsonObject ?? [];
                    Collect(new Scope(nested, itemScope, arguments, copyIndex: null), path + "/" + name, into);
                }
            }
        }
    }

    private static bool IsDeployment(string type) =>
        string.Equals(type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

    // A module's own template is evaluated in its own scope (Bicep compiles modules with inner expression scope).
    private static JsonObject WithoutTemplate(JsonObject deployment)
    {
        var copy = (JsonObject)deployment.DeepClone();
        (copy["properties"] as JsonObject)?.Remove("template");
        return copy;
    }

    private sealed class Scope(JsonObject template, Scope? parent, JsonObject? arguments, long? copyIndex) : IArmScope
    {
        private readonly Dictionary<string, object?> variables = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> evaluating = new(StringComparer.OrdinalIgnoreCase);

        public JsonObject Template => template;

        public long? CopyIndex => copyIndex;

        public Scope WithCopyIndex(long? index) => new(template, parent, arguments, index);

        public object? Parameter(string name)
        {
            var definition = template["parameters"]?[name];
            if (parent is null)
            {
                // Top-level parameters are only known when azd deploys; checks see which one a value comes from.
                return new Opaque($"parameters('{name}')", RootParameter: name);
            }

            var argument = arguments?[name];
            if (argument is JsonObject passed && passed.ContainsKey("value"))
            {
                return Evaluate(passed["value"], parent);
            }

            return definition?["defaultValue"] is { } defaultValue
                ? Evaluate(defaultValue, this)
                : new Opaque($"parameters('{name}')");
        }

        public object? Variable(string name)
        {
            if (variables.TryGetValue(name, out var known))
            {
                return known;
            }

            if (!evaluating.Add(name))
            {
                return new Opaque($"variables('{name}')");
            }

            var value = template["variables"]?[name] is { } definition ? Evaluate(definition, this) : new Opaque($"variables('{name}')");
            evaluating.Remove(name);
            variables[name] = value;
            return value;
        }
    }
}
