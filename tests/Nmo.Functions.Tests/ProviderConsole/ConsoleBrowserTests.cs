using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Nmo.LocalHost;
using Nmo.Testing;
using static Nmo.Functions.Tests.Uploads.Uploads;

namespace Nmo.Functions.Tests.ProviderConsole;

/// <summary>The console in a real Chromium on the local host over Azurite, as a provider uses it: by keyboard and mouse, at 360 px.</summary>
public sealed class ConsoleBrowserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static async Task<string> NewKeyAsync(PipelineHost host, string name)
    {
        var created = await host.Http.PostAsJsonAsync("api/admin/providers", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await PipelineHost.JsonAsync(created))["apiKey"]!.GetValue<string>();
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        // By keyboard: the field takes the focus, Enter submits.
        await page.FocusAsync("#key");
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
    }

    [BrowserFact]
    public async Task A_provider_runs_the_whole_journey_from_sign_in_to_a_reissued_certificate()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var key = await NewKeyAsync(host, "Общество кардиологов");
        var otherKey = await NewKeyAsync(host, "Чужой провайдер");
        await CreateEventAsync(host.ClientFor(otherKey), "foreign-event");
        var (playwright, browser) = await ConsoleBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var shots = ConsoleBrowser.ArtifactsDirectory(nameof(A_provider_runs_the_whole_journey_from_sign_in_to_a_reissued_certificate));
        var step = 0;
        var page = await (await browser.NewContextAsync(ConsoleBrowser.Phone())).NewPageAsync();
        Task ShotAsync(string name) => page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"{++step:D2}-{name}.png"), FullPage = true });
        await page.GotoAsync(host.Http.BaseAddress!.ToString());
        await ShotAsync("sign-in");

        await SignInAsync(page, key);
        await Assertions.Expect(page.Locator("#events")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#events-table")).Not.ToContainTextAsync("foreign-event");
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('nmo.key')"));
        Assert.DoesNotContain(key, page.Url, StringComparison.Ordinal);
        await ShotAsync("events");

        await page.ClickAsync("#new-event");
        await page.FillAsync("#f-id", "cardio-school");
        await page.FillAsync("#f-title", "Школа кардиолога");
        await page.FillAsync("#f-start", "2026-11-20");
        await page.FillAsync("#f-end", "2026-11-21");
        await page.FillAsync("#f-place", "Москва");
        await page.FillAsync("#f-credits", "6");
        await ShotAsync("new-event");
        await page.ClickAsync("#event-form button[type=submit]");
        await Assertions.Expect(page.Locator("#event-h")).ToHaveTextAsync("Школа кардиолога");
        await ShotAsync("event");

        var file = new FilePayload
        {
            Name = "attendance.csv",
            MimeType = "text/csv",
            Buffer = Utf8Bom(Crlf("Фамилия;Имя;Email", "Иванова;Анна;ivanova@clinic.example", "Петров;Пётр;не-адрес", "Сидорова;Мария;sidorova@clinic.example")),
        };
        await page.SetInputFilesAsync("#file", file);
        await page.ClickAsync("#precheck");
        await Assertions.Expect(page.Locator("#precheck-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#errors-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#errors-table tbody tr td").First).ToHaveTextAsync("3");
        await ShotAsync("pre-check");
        var uploadsAfterCheck = await host.ClientFor(key).GetFromJsonAsync<JsonElement>("api/events/cardio-school/uploads");
        Assert.Equal(0, uploadsAfterCheck.GetProperty("items").GetArrayLength());

        await page.ClickAsync("#upload");
        await Assertions.Expect(page.Locator("#upload-status")).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        Assert.Equal(100, await page.EvalOnSelectorAsync<int>("#bar", "b => b.value"));
        await Assertions.Expect(page.Locator("#c-issued")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#c-emailed")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#uploads-table tbody tr")).ToHaveCountAsync(1);
        await ShotAsync("upload-completed");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#report"));
        var report = Path.Combine(shots, download.SuggestedFilename);
        await download.SaveAsAsync(report);
        var reportText = await File.ReadAllTextAsync(report);
        Assert.Contains("ivanova@clinic.example", reportText, StringComparison.Ordinal);
        Assert.Contains(reportText.Split("\r\n"), line => line.StartsWith("3;", StringComparison.Ordinal) && line.Contains(";Email;", StringComparison.Ordinal));
        await ShotAsync("report-downloaded");

        var certificates = LocalOutbox.Messages(host.OutboxDirectory, "cert-cardio-school-").Count;
        await page.FillAsync("#q", "иванова");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#attendees-table tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#attendees-table tbody")).ToContainTextAsync("****-****");
        await page.ClickAsync("#attendees-table tbody button");
        await Assertions.Expect(page.Locator("#confirm")).ToBeVisibleAsync();
        await ShotAsync("reissue-confirm");
        await page.ClickAsync("#confirm-yes");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("ivanova@clinic.example");
        await Eventually.WaitUntilAsync(
            () => LocalOutbox.Messages(host.OutboxDirectory, "cert-cardio-school-").Count == certificates + 1, "the re-issued certificate");
        await ShotAsync("reissued");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 360"), "the page scrolls sideways at 360 px");
    }

    [BrowserFact]
    public async Task A_wrong_key_is_refused_and_the_console_switches_to_english()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (playwright, browser) = await ConsoleBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await (await browser.NewContextAsync(ConsoleBrowser.Phone())).NewPageAsync();
        await page.GotoAsync(host.Http.BaseAddress!.ToString());

        await SignInAsync(page, "nmo_prv-nobody_wrong");

        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("Ключ не принят");
        await Assertions.Expect(page.Locator("#events")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('nmo.key')"));
        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("CME provider console");
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await SignInAsync(page, "nmo_prv-nobody_wrong");
        await Assertions.Expect(page.Locator("#signin-error")).ToContainTextAsync("The key was refused");
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleBrowser.ArtifactsDirectory(nameof(A_wrong_key_is_refused_and_the_console_switches_to_english)), "refused-en.png") });
    }

    [BrowserFact]
    public async Task The_console_has_no_serious_or_critical_accessibility_violations()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var key = await NewKeyAsync(host, "Провайдер");
        await CreateEventAsync(host.ClientFor(key), "a11y-event");
        var (playwright, browser) = await ConsoleBrowser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;

        // axe is injected by the test, which the console's own policy rightly forbids; only this context bypasses it.
        var page = await (await browser.NewContextAsync(ConsoleBrowser.Phone(bypassCsp: true))).NewPageAsync();
        await page.GotoAsync(host.Http.BaseAddress!.ToString());
        var found = new List<string>();
        async Task CheckAsync(string where)
        {
            await page.AddScriptTagAsync(new() { Path = ConsoleBrowser.AxeScript });
            var violations = await page.EvaluateAsync<string[]>(
                "async () => (await axe.run(document)).violations.filter(v => v.impact === 'serious' || v.impact === 'critical')" +
                ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
            found.AddRange(violations.Select(v => $"{where}: {v}"));
        }

        await CheckAsync("sign-in");
        await SignInAsync(page, key);
        await Assertions.Expect(page.Locator("#events")).ToBeVisibleAsync();
        await CheckAsync("events");
        await page.ClickAsync("#events-table tbody button");
        await Assertions.Expect(page.Locator("#event-h")).ToBeVisibleAsync();
        await CheckAsync("event");
        await page.ClickAsync("#event-edit");
        await CheckAsync("event form");

        Assert.Empty(found);
    }
}
