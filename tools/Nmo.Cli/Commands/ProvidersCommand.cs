using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

public static class ProvidersCommand
{
    public static async Task<int> AddAsync(string name, CancellationToken cancellationToken)
    {
        if (ProviderService.ValidateName(name, Language.Ru) is { } problem)
        {
            Console.Error.WriteLine($"nmo providers add: {problem}");
            Console.Error.WriteLine("usage: nmo providers add --name NAME");
            return 2;
        }

        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        await environment.PrepareStorageAsync(cancellationToken);
        var created = await environment.Services.GetRequiredService<ProviderService>().CreateAsync(name, cancellationToken);
        Console.WriteLine(JsonSerializer.Serialize(created, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Console.Error.WriteLine("Keep the key now: it is stored only as a hash and cannot be shown again.");
        return 0;
    }

    /// <summary><c>nmo providers list-keys|rotate-key|revoke-key</c>: what the operator routes do, on the configured storage.</summary>
    public static async Task<int> KeysAsync(string action, string? providerId, string? keyId, string? graceDays, CancellationToken cancellationToken)
    {
        TimeSpan? grace = null;
        if (graceDays is not null)
        {
            grace = int.TryParse(graceDays, out var days) ? TimeSpan.FromDays(days) : TimeSpan.MinValue;
        }

        if (providerId is null || (action == "revoke-key" && keyId is null))
        {
            Console.Error.WriteLine("usage: nmo providers list-keys|rotate-key [--grace-days 7]|revoke-key --key KEY-ID --provider ID");
            return 2;
        }

        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        await environment.PrepareStorageAsync(cancellationToken);
        var keys = environment.Services.GetRequiredService<ProviderKeyService>();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        const string actor = "operator:cli";
        switch (action)
        {
            case "list-keys":
                var list = await keys.ListAsync(providerId, Language.Ru, cancellationToken);
                return Print(list.IsOk ? JsonSerializer.Serialize(new { keys = list.Value }, json) : null, list.IsOk ? null : list.Problem);
            case "rotate-key":
                var rotated = await keys.RotateAsync(providerId, grace, actor, Language.Ru, cancellationToken);
                if (rotated.IsOk)
                {
                    Console.Error.WriteLine($"Keep the new key now: it is stored only as a hash. The keys before it work until {rotated.Value.PreviousKeysExpireAt:u}.");
                }

                return Print(rotated.IsOk ? JsonSerializer.Serialize(rotated.Value, json) : null, rotated.IsOk ? null : rotated.Problem);
            default:
                var revoked = await keys.RevokeAsync(providerId, keyId!, actor, Language.Ru, cancellationToken);
                return Print(revoked.IsOk ? JsonSerializer.Serialize(revoked.Value, json) : null, revoked.IsOk ? null : revoked.Problem);
        }
    }

    private static int Print(string? output, Core.Common.Problem? problem)
    {
        if (problem is not null)
        {
            Console.Error.WriteLine($"nmo providers: {problem.Detail}");
            return 1;
        }

        Console.WriteLine(output);
        return 0;
    }
}
