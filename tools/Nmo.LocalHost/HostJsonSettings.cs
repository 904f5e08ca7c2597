using System.Globalization;
using System.Text.Json;

namespace Nmo.LocalHost;

/// <summary>The parts of host.json the local host follows: the HTTP route prefix and the queue settings.</summary>
public sealed record HostJsonSettings(string RoutePrefix, QueueHostOptions Queues, string? Path)
{
    public static HostJsonSettings Defaults { get; } = new("api", new QueueHostOptions(), null);

    /// <summary>Reads <paramref name="path"/>, or finds host.json when it is <c>null</c>; defaults when there is none.</summary>
    public static HostJsonSettings Load(string? path)
    {
        path ??= Find();
        if (path is null)
        {
            return Defaults;
        }

        using var document = JsonDocument.Parse(
            File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var extensions = Property(document.RootElement, "extensions");
        var http = extensions is { } e ? Property(e, "http") : null;
        var queues = extensions is { } e2 ? Property(e2, "queues") : null;

        var routePrefix = http is { } h && Property(h, "routePrefix") is { ValueKind: JsonValueKind.String } prefix
            ? prefix.GetString()!.Trim('/')
            : Defaults.RoutePrefix;

        var defaults = new QueueHostOptions();
        var options = queues is not { } q
            ? defaults
            : new QueueHostOptions
            {
                BatchSize = Int(q, "batchSize") ?? defaults.BatchSize,

                // Azure's default is half the batch size, whatever the batch size: up to 1.5 batches run at once.
                NewBatchThreshold = Int(q, "newBatchThreshold") ?? (Int(q, "batchSize") ?? defaults.BatchSize) / 2,
                MaxPollingInterval = Time(q, "maxPollingInterval") ?? defaults.MaxPollingInterval,
                VisibilityTimeout = Time(q, "visibilityTimeout") ?? defaults.VisibilityTimeout,
                MaxDequeueCount = Int(q, "maxDequeueCount") ?? defaults.MaxDequeueCount,
            };
        if (queues is { } encoding && Property(encoding, "messageEncoding") is { ValueKind: JsonValueKind.String } enc &&
            !string.Equals(enc.GetString(), "base64", StringComparison.OrdinalIgnoreCase))
        {
            // The storage clients always encode Base64; a host.json saying otherwise would make Azure and the
            // local host disagree about every message.
            throw new InvalidOperationException(
                $"{path}: extensions.queues.messageEncoding is '{enc.GetString()}', but the app's queue clients send Base64.");
        }

        return new HostJsonSettings(routePrefix, options, path);
    }

    private static string? Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "host.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // host.json is read case-insensitively by the Functions host.
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static int? Int(JsonElement element, string name) =>
        Property(element, name) switch
        {
            { ValueKind: JsonValueKind.Number } n => n.GetInt32(),
            { ValueKind: JsonValueKind.String } s => int.Parse(s.GetString()!, CultureInfo.InvariantCulture),
            _ => null,
        };

    private static TimeSpan? Time(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } s
            ? TimeSpan.Parse(s.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
