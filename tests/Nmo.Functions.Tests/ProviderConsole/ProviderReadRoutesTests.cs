using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Nmo.Core.Storage;
using Nmo.Testing;
using static Nmo.Functions.Tests.Uploads.Uploads;

namespace Nmo.Functions.Tests.ProviderConsole;

/// <summary>The routes the providers' console reads, through the real functions on Azurite: own data only, paged, not cached.</summary>
public sealed class ProviderReadRoutesTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private static async Task<JsonNode> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonNode.Parse(text)!;
    }

    private static async Task<List<JsonNode>> AllPagesAsync(HttpClient client, string path, int pageSize)
    {
        var items = new List<JsonNode>();
        string? token = null;
        var pages = 0;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var url = $"{path}{separator}pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await OkJsonAsync(await client.GetAsync(url));
            var pageItems = page["items"]!.AsArray();
            Assert.True(pageItems.Count <= pageSize, $"a page of {pageItems.Count} for pageSize {pageSize}");
            items.AddRange(pageItems.Select(i => i!.DeepClone()));
            token = page["continuationToken"]?.GetValue<string>();
            Assert.True(++pages < 50, "the continuation never ends");
        }
        while (token is not null);

        return items;
    }

    [Fact]
    public async Task A_provider_lists_only_its_own_events_page_by_page_each_with_the_etag_of_its_version()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync("Мой провайдер");
        var (_, other) = await host.NewProviderAsync("Чужой провайдер");
        var ownIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ownIds.Add(NewId("own"));
            await CreateEventAsync(mine, ownIds[^1]);
        }

        var foreign = NewId("foreign");
        await CreateEventAsync(other, foreign);

        var listed = await AllPagesAsync(mine, "api/events", pageSize: 2);

        Assert.Equal(ownIds.Order(), listed.Select(e => e["eventId"]!.GetValue<string>()).Order());
        var first = listed.Single(e => e["eventId"]!.GetValue<string>() == ownIds[0]);
        Assert.Equal("Школа " + ownIds[0], first["title"]!.GetValue<string>());
        Assert.Equal("2026-11-20", first["startDate"]!.GetValue<string>());
        var stored = await host.Storage.Table(StorageNames.Tables.Events).GetEntityAsync<TableEntity>(ownIds[0], "event");
        Assert.Equal(stored.Value.ETag.ToString(), first["etag"]!.GetValue<string>());
        Assert.DoesNotContain(foreign, (await AllPagesAsync(mine, "api/events", pageSize: 50)).Select(e => e["eventId"]!.GetValue<string>()));
        Assert.Equal([foreign], (await AllPagesAsync(other, "api/events", pageSize: 50)).Select(e => e["eventId"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("api/events?pageSize=0", "pageSize")]
    [InlineData("api/events?pageSize=abc", "pageSize")]
    [InlineData("api/events?continuationToken=%25%25not-base64", "continuationToken")]
    public async Task A_bad_page_parameter_is_a_400_that_names_it(string url, string parameter)
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd("en");

        var response = await mine.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await PipelineHost.JsonAsync(response);
        Assert.Equal("query.invalid", problem["code"]!.GetValue<string>());
        Assert.Contains($"'{parameter}'", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_events_uploads_are_listed_with_status_and_counts_and_another_providers_event_answers_404()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync();
        var (_, other) = await host.NewProviderAsync();
        var eventId = NewId("upl");
        await CreateEventAsync(mine, eventId);
        var uploadId = await UploadAsync(mine, eventId, Utf8(Crlf("Фамилия;Имя;Email", "Иванова;Анна;ivanova@clinic.example", "Петров;Пётр;не-адрес")));
        await PipelineHost.WaitForUploadAsync(mine, uploadId);

        var uploads = await AllPagesAsync(mine, $"api/events/{eventId}/uploads", pageSize: 10);

        var upload = Assert.Single(uploads);
        Assert.Equal(uploadId, upload["uploadId"]!.GetValue<string>());
        Assert.Equal("completed", upload["status"]!.GetValue<string>());
        Assert.Equal((2, 1, 1, 1), (upload["rows"]!.GetValue<int>(), upload["accepted"]!.GetValue<int>(), upload["rejected"]!.GetValue<int>(), upload["issued"]!.GetValue<int>()));
        Assert.Equal($"/api/uploads/{uploadId}/report.csv", upload["reportUrl"]!.GetValue<string>());

        var foreign = await other.GetAsync($"api/events/{eventId}/uploads");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("event.not-found", (await PipelineHost.JsonAsync(foreign))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"api/events/{eventId}/attendees?q=ivanova")).StatusCode);
    }

    [Fact]
    public async Task Attendees_are_found_by_any_part_of_name_or_address_with_their_codes_masked()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync();
        var eventId = NewId("att");
        await CreateEventAsync(mine, eventId);
        await UploadAndWaitAsync(mine, eventId, Utf8(Crlf(
            "Фамилия;Имя;Email",
            "Ёлкина;Анна;elkina@clinic.example",
            "Щукин;Юрий;shchukin@clinic.example",
            "Ёлкин;Павел;pavel@hospital.example")));
        var sent = Directory.GetFiles(host.OutboxDirectory, "*.eml", SearchOption.AllDirectories);
        var codes = sent.Select(Nmo.LocalHost.LocalOutbox.FindCode).OfType<string>().ToList();
        Assert.Equal(3, codes.Count);

        var byName = await AllPagesAsync(mine, $"api/events/{eventId}/attendees?q={Uri.EscapeDataString("ёлкин")}", pageSize: 1);
        var byAddress = await AllPagesAsync(mine, $"api/events/{eventId}/attendees?q=SHCHUKIN@", pageSize: 10);
        var byTwoWords = await AllPagesAsync(mine, $"api/events/{eventId}/attendees?q={Uri.EscapeDataString("анна ёлкина")}", pageSize: 10);
        var everyone = await AllPagesAsync(mine, $"api/events/{eventId}/attendees", pageSize: 2);

        Assert.Equal(["elkina@clinic.example", "pavel@hospital.example"], byName.Select(a => a["email"]!.GetValue<string>()).Order());
        Assert.Equal("Щукин Юрий", Assert.Single(byAddress)["fullName"]!.GetValue<string>());
        Assert.Equal("elkina@clinic.example", Assert.Single(byTwoWords)["email"]!.GetValue<string>());
        Assert.Equal(3, everyone.Count);
        var body = string.Join("\n", everyone.Select(a => a.ToJsonString()));
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code, body);
            Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), body);
        }

        Assert.All(everyone, a => Assert.Matches(@"^\*\*\*\*-\*\*\*\*[A-Z0-9]{4}$", a["maskedCode"]!.GetValue<string>()));
        Assert.Contains(everyone, a => codes.Any(c => c.EndsWith(a["maskedCode"]!.GetValue<string>()[^4..], StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_dry_run_reports_every_rejected_row_and_stores_nothing_so_the_real_upload_is_not_a_repeat()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync();
        var eventId = NewId("dry");
        await CreateEventAsync(mine, eventId);
        var file = Utf8(Crlf("Фамилия;Имя;Email", "Иванова;Анна;ivanova@clinic.example", "Петров;Пётр;не-адрес", "Сидоров;;sidorov@clinic.example"));

        var response = await mine.PostAsync($"api/events/{eventId}/attendance?dryRun=true", new ByteArrayContent(file));

        var report = await OkJsonAsync(response);
        Assert.True(report["dryRun"]!.GetValue<bool>());
        Assert.True(report["usable"]!.GetValue<bool>());
        Assert.Equal((3, 1, 2), (report["rows"]!.GetValue<int>(), report["accepted"]!.GetValue<int>(), report["rejected"]!.GetValue<int>()));
        var errors = report["errors"]!.AsArray();
        Assert.Equal([3, 4], errors.Select(e => e!["line"]!.GetValue<int>()));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e!["column"]!.GetValue<string>())));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e!["reason"]!.GetValue<string>())));

        // Nothing is kept: no blob under the event, no upload record, no claim on the content.
        var blobs = host.Storage.Container(StorageNames.Containers.Uploads).GetBlobsAsync(prefix: eventId + "/");
        Assert.Empty(await blobs.ToListAsync());
        var uploads = host.Storage.Table(StorageNames.Tables.Uploads);
        Assert.Empty(await uploads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"EventId eq {eventId}")).ToListAsync());
        Assert.Empty(await uploads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"content|" + eventId}")).ToListAsync());

        var real = await PostAsync(mine, eventId, file);
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
        Assert.False((await PipelineHost.JsonAsync(real))["duplicate"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_dry_run_of_an_unusable_file_answers_200_with_its_reasons_and_a_bad_flag_is_refused()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync();
        var eventId = NewId("dry");
        await CreateEventAsync(mine, eventId);

        var report = await OkJsonAsync(await mine.PostAsync($"api/events/{eventId}/attendance?dryRun=true", new ByteArrayContent(Utf8(Crlf("Имя;Телефон", "Анна;123")))));
        var refused = await mine.PostAsync($"api/events/{eventId}/attendance?dryRun=yes", new ByteArrayContent(Utf8("x")));

        Assert.False(report["usable"]!.GetValue<bool>());
        Assert.NotEmpty(report["reasons"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("query.invalid", (await PipelineHost.JsonAsync(refused))["code"]!.GetValue<string>());
        Assert.Empty(await host.Storage.Container(StorageNames.Containers.Uploads).GetBlobsAsync(prefix: eventId + "/").ToListAsync());
    }

    [Fact]
    public async Task Answers_with_personal_data_are_not_stored_by_caches()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, mine) = await host.NewProviderAsync();
        var eventId = NewId("nst");
        await CreateEventAsync(mine, eventId);
        var status = await UploadAndWaitAsync(mine, eventId, List("a@clinic.example"));
        var uploadId = status["uploadId"]!.GetValue<string>();

        foreach (var url in new[] { $"api/uploads/{uploadId}", $"api/uploads/{uploadId}/report.csv", $"api/events/{eventId}/attendees?q=a" })
        {
            var response = await mine.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, url);
        }

        var created = await host.Http.PostAsJsonAsync("api/admin/providers", new { name = "Ключ" });
        Assert.True(created.Headers.CacheControl?.NoStore);
        Assert.True((await host.Http.GetAsync("api/doctors/doc-nst/credits")).Headers.CacheControl?.NoStore);
    }
}
