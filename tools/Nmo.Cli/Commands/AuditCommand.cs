using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// <c>nmo audit list [--event ID] [--doctor ID] [--code CODE] [--since DATE] [--json]</c>: the changes to codes, events
/// and the ledger, oldest first. A code is given as a doctor typed it and looked up by its keyed hash.
/// </summary>
public static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> ListAsync(string[] options, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = false;
        for (var i = 0; i < options.Length; i++)
        {
            if (options[i] == "--json")
            {
                json = true;
            }
            else if (options[i] is "--event" or "--doctor" or "--code" or "--since" && i + 1 < options.Length)
            {
                values[options[i]] = options[++i];
            }
            else
            {
                return Usage();
            }
        }

        DateTimeOffset? since = null;
        if (values.TryGetValue("--since", out var sinceText))
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Usage();
            }

            since = parsed;
        }

        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        await environment.PrepareStorageAsync(cancellationToken);
        string? codeHash = null;
        if (values.TryGetValue("--code", out var code))
        {
            var parsed = ConfirmationCode.Parse(code);
            if (!parsed.IsValid)
            {
                Console.Error.WriteLine($"{ConfirmationCode.Mask(code)}: not a well-formed code ({parsed.Problem}).");
                return 1;
            }

            codeHash = environment.Services.GetRequiredService<ICodeHasher>().Hash(parsed.Code!);
        }

        var query = new AuditQuery(values.GetValueOrDefault("--event"), values.GetValueOrDefault("--doctor"), codeHash, since);
        var records = await environment.Services.GetRequiredService<IAuditLog>().ListAsync(query, cancellationToken);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(records, Json));
            return 0;
        }

        foreach (var record in records)
        {
            Console.WriteLine(Format(record));
        }

        Console.WriteLine($"({records.Count} record(s))");
        return 0;
    }

    /// <summary>One record on one line: when, what, who, where, and the change (already masked when it was written).</summary>
    public static string Format(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var code = record.CodeHash is null ? string.Empty : $" code#{record.CodeHash[..8]}";
        var doctor = record.DoctorId is null ? string.Empty : $" doctor {record.DoctorId}";
        var reason = record.Reason is null ? string.Empty : $" reason: {record.Reason}";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{record.At:yyyy-MM-dd HH:mm:ss}Z  {record.Action,-17} {record.Actor}  {record.ActivityId}{code}{doctor}  {record.Before ?? "-"} -> {record.After ?? "-"}{reason}");
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: nmo audit list [--event ID] [--doctor ID] [--code CODE] [--since YYYY-MM-DD] [--json]");
        return 2;
    }
}
