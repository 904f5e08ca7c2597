namespace Nmo.Functions.Tests.ProviderConsole;

/// <summary>
/// A test that needs Chromium: reported as skipped, with the reason and the install command, where there is none;
/// but where NMO_REQUIRE_BROWSER=1 (.ci/run) it runs anyway and fails, so a CI run never passes with the console untested.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (ConsoleBrowser.ExecutablePath is null && !ConsoleBrowser.Required)
        {
            Skip = ConsoleBrowser.MissingReason;
        }
    }
}
