using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Backups;
using Nmo.Infrastructure.Storage;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// <c>nmo restore --from DAY|BLOB-PATH [--connection TARGET]</c>: one day's export from the configured storage's
/// backups container into an empty store (the configured one, or the connection string given), with the count
/// per table. Exit 0 restored, 1 refused (no such export, or the target is not empty), 2 usage error.
/// </summary>
public static class RestoreCommand
{
    public const string Usage = "usage: nmo restore --from yyyy-MM-dd|backups/yyyy-MM-dd/... [--connection TARGET-CONNECTION-STRING]";

    public static async Task<int> RunAsync(string from, string? connection, CancellationToken cancellationToken)
    {
        if (BackupNames.ParseFrom(from) is not { } day)
        {
            Console.Error.WriteLine($"nmo restore: '{from}' names no export (a day like 2026-12-02, or a blob path under {StorageNames.Containers.Backups}/)");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        var source = await environment.PrepareStorageAsync(cancellationToken);
        var target = connection is null
            ? source
            : new StorageClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = connection }).Build());
        Console.Error.WriteLine($"Restoring the export of {BackupNames.Folder(day)} from {source.ConnectionDescription} into {target.ConnectionDescription}...");

        var result = await environment.Services.GetRequiredService<TableBackups>().RestoreAsync(day, target, cancellationToken);
        if (!result.Restored)
        {
            Console.Error.WriteLine($"nmo restore: refused: {result.Refusal}. Nothing was written.");
            return 1;
        }

        foreach (var (table, count) in result.Tables)
        {
            Console.WriteLine($"{table}: {count}");
        }

        Console.WriteLine($"Restored {result.Tables.Values.Sum()} entities from the export of {BackupNames.Folder(day)}.");
        return 0;
    }
}
