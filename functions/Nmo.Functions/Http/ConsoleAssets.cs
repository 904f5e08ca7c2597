using System.Collections.Frozen;
using System.Reflection;

namespace Nmo.Functions.Http;

/// <summary>
/// The console's files (Console/ in this project), embedded in the assembly so the app serves exactly what was built
/// and needs no file share or storage account for them.
/// </summary>
public static class ConsoleAssets
{
    public const string Prefix = "console/";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<FrozenDictionary<string, (byte[] Content, string ContentType)>> Files = new(Load);

    /// <summary>The file at <paramref name="path"/> (the site root is index.html); null when there is none.</summary>
    public static (byte[] Content, string ContentType)? Find(string? path)
    {
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        return Files.Value.TryGetValue(name, out var file) ? file : null;
    }

    public static IReadOnlyCollection<string> Names => Files.Value.Keys;

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            if (!Types.TryGetValue(Path.GetExtension(name), out var type))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name] = (copy.ToArray(), type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
