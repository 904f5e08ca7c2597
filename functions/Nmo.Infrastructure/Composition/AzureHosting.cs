using Microsoft.Extensions.Configuration;

namespace Nmo.Infrastructure.Composition;

/// <summary>
/// Whether the app runs in Azure App Service / Functions: the platform sets these variables on every instance, and
/// neither <c>nmo serve</c> nor <c>func start</c> does. Read through configuration so tests can set them.
/// </summary>
public static class AzureHosting
{
    public static IReadOnlyList<string> Markers { get; } = ["WEBSITE_INSTANCE_ID", "WEBSITE_SITE_NAME"];

    public static bool IsAzure(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Markers.Any(marker => !string.IsNullOrWhiteSpace(configuration[marker]));
    }
}
