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
}
