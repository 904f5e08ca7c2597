using Microsoft.Playwright;
using Nmo.Azurite;

namespace Nmo.Functions.Tests.ProviderConsole;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser downloads are not available here). Without a Chromium
/// the browser tests are skipped with the reason and the install command, except where NMO_REQUIRE_BROWSER=1
/// (.ci/run), where a skip would hide that the console went untested, so it fails instead.
/// </summary>
internal static class ConsoleBrowser
{
    public const string InstallCommand = "sudo apt-get update && sudo apt-get install -y chromium";

    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    public static string? ExecutablePath =>
        Environment.GetEnvironmentVariable("NMO_CHROMIUM") is { Length: > 0 } configured ? configured : Candidates.FirstOrDefault(File.Exists);

    public static bool Required => Environment.GetEnvironmentVariable("NMO_REQUIRE_BROWSER") == "1";

    public static string MissingReason =>
        $"No Chromium found ({string.Join(", ", Candidates)}, or NMO_CHROMIUM). Install it: {InstallCommand}";

    /// <summary>Chromium at 360 px wide (the smallest phone the console must work on), or the reason there is none (the test is skipped before, unless required).</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = ExecutablePath ?? throw new InvalidOperationException(MissingReason);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,

            // Chromium refuses to start its sandbox as root (containers, CI runners).
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        return (playwright, browser);
    }

    public static BrowserNewContextOptions Phone(bool bypassCsp = false) => new()
    {
        ViewportSize = new ViewportSize { Width = 360, Height = 740 },
        AcceptDownloads = true,
        BypassCSP = bypassCsp,
    };

    /// <summary>Where the screenshots of a test go: kept after the run as its artifacts.</summary>
    public static string ArtifactsDirectory(string test)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "browser-artifacts", test);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>axe-core, pinned in the repository's package-lock.json and installed by npm ci with Azurite.</summary>
    public static string AxeScript => Path.Combine(AzuriteInstallation.FindRepositoryRoot(), "node_modules", "axe-core", "axe.min.js");
}
