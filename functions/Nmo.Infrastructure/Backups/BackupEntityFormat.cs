using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Nmo.Infrastructure.Backups;

/// <summary>
/// One table entity as one JSON line, every property with its Edm type, so a restore writes back exactly the
/// types that were stored (an Int64 stays Int64, a DateTime stays DateTime): <c>{"PartitionKey":..,"RowKey":..,
/// "Properties":{"Name":{"Type":"Edm.Int64","Value":"42"}}}</c>. The service's Timestamp and ETag are not
/// data the pipeline wrote and cannot be written back, so they are left out.
/// </summary>
internal static class BackupEntityFormat
{
    private static readonly HashSet<string> ServiceProperties =
        new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public static string ToLine(TableEntity entity)
    {
        var properties = new JsonObject();
        foreach (var (name, value) in entity.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (ServiceProperties.Contains(name) || value is null)
            {
                continue;
            }

            var (type, text) = value switch
            {
                string s => ("Edm.String", (JsonNode)s),
                bool b => ("Edm.Boolean", b),
                int i => ("Edm.Int32", i),
                long l => ("Edm.Int64", l.ToString(CultureInfo.InvariantCulture)),
                double d => ("Edm.Double", d.ToString("R", CultureInfo.InvariantCulture)),
                DateTimeOffset t => ("Edm.DateTime", t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
                DateTime t => ("Edm.DateTime", new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)),
                Guid g => ("Edm.Guid", g.ToString()),
                byte[] bytes => ("Edm.Binary", Convert.ToBase64String(bytes)),
                BinaryData data => ("Edm.Binary", Convert.ToBase64String(data.ToArray())),
                _ => throw new NotSupportedException($"Property '{name}' of {entity.PartitionKey}/{entity.RowKey} has type {value.GetType()}, which the backup format does not know."),
            };
            properties[name] = new JsonObject { ["Type"] = type, ["Value"] = text };
        }

        return new JsonObject
        {
            ["PartitionKey"] = entity.PartitionKey,
            ["RowKey"] = entity.RowKey,
            ["Properties"] = properties,
        }.ToJsonString();
    }

    public static TableEntity FromLine(string line)
    {
        var node = JsonNode.Parse(line)?.AsObject() ?? throw new JsonException("An empty backup line.");
        var entity = new TableEntity(node["PartitionKey"]!.GetValue<string>(), node["RowKey"]!.GetValue<string>());
        foreach (var (name, property) in node["Properties"]?.AsObject() ?? [])
        {
            var value = property!["Value"]!;
            entity[name] = property["Type"]!.GetValue<string>() switch
            {
                "Edm.String" => value.GetValue<string>(),
                "Edm.Boolean" => value.GetValue<bool>(),
                "Edm.Int32" => value.GetValue<int>(),
                "Edm.Int64" => long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
                "Edm.Double" => double.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture),
                "Edm.DateTime" => DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                "Edm.Guid" => Guid.Parse(value.GetValue<string>()),
                "Edm.Binary" => Convert.FromBase64String(value.GetValue<string>()),
                var other => throw new JsonException($"Unknown property type '{other}' for '{name}'."),
            };
        }

        return entity;
    }
}
