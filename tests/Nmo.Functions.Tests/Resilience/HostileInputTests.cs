using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// A corpus of hostile requests on every route: each is refused with a 4xx problem+json that says why, never a
/// 500, and leaves no trace in the tables or queues that hold providers, events, attendees, codes and credits.
/// </summary>
public sealed class HostileInputTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string EventBody = """{"title":"Школа","kind":"event","startDate":"2026-11-20","endDate":"2026-11-21","place":"Москва","credits":6}""";

    /// <summary>Tables and queues a refused request must not touch (uploads keep their raw file and record by design).</summary>
    private static readonly string[] GuardedTables =
        [StorageNames.Tables.Providers, StorageNames.Tables.Events, StorageNames.Tables.Attendees, StorageNames.Tables.Codes, StorageNames.Tables.Ledger];

    private enum Key
    {
        None,
        Mine,
        Wrong,
    }

    [Fact]
    public async Task Every_hostile_request_is_refused_with_a_reason_and_writes_nothing()
    {
        await using var host = await PipelineHost.StartAsync(azurite, new Dictionary<string, string?> { ["Uploads:MaxBytes"] = "65536" });
        var mine = await Scenario.ProviderWithEventAsync(host, "hostile-school");
        var other = await Scenario.ProviderWithEventAsync(host, "other-school");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await other.PutAsJsonAsync("api/events/other-module", new
        {
            title = "Модуль", kind = "module", startDate = "2026-11-20", endDate = "2026-11-20", place = "онлайн", credits = 2,
        })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await mine.PutAsJsonAsync("api/events/hostile-module", new
        {
            title = "Модуль", kind = "module", startDate = "2026-11-20", endDate = "2026-11-20", place = "онлайн", credits = 2,
        })).StatusCode);
        var otherUpload = await Scenario.UploadAsync(other, "other-school", Scenario.Csv(0, 3));
        await PipelineHost.WaitForUploadAsync(other, otherUpload);
        var apiKey = mine.DefaultRequestHeaders.GetValues("X-Api-Key").Single();

        var failures = new List<string>();
        var before = await SnapshotAsync(host);
        foreach (var (name, method, path, contentType, body, key) in Corpus(otherUpload))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                if (contentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                }
            }

            // A server refusing a large body answers before reading it and closes the connection; a client that
            // asks before sending (Expect: 100-continue, as curl does) reads that answer instead of a reset.
            request.Headers.ExpectContinue = body is { Length: > 64 * 1024 };
            if (key != Key.None)
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", key == Key.Mine ? apiKey : "nmo_prv-forged_" + new string('A', 43));
            }

            HttpResponseMessage response;
            try
            {
                response = await host.Http.SendAsync(request);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{name}: no answer ({e.Message})");
                continue;
            }

            using var disposeResponse = response;
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status is < 400 or >= 500)
            {
                failures.Add($"{name}: {status} {Cut(text)}");
                continue;
            }

            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{name}: {status} without problem+json ({response.Content.Headers.ContentType}) {Cut(text)}");
                continue;
            }

            using var problem = JsonDocument.Parse(text);
            if (!problem.RootElement.TryGetProperty("detail", out var detail) || string.IsNullOrWhiteSpace(detail.GetString()) ||
                problem.RootElement.GetProperty("status").GetInt32() != status)
            {
                failures.Add($"{name}: {status} problem without a reason: {Cut(text)}");
            }
        }

        var after = await SnapshotAsync(host);
        foreach (var (what, count) in before)
        {
            if (after[what] != count)
            {
                failures.Add($"{what}: {count} before, {after[what]} after");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <remarks>
    /// A NUL in the path (<c>%00</c>) is refused by Kestrel itself with a bare 400 before any function runs (as by the
    /// Azure front end), so the corpus uses other control characters to reach the functions.
    /// </remarks>
    private static IEnumerable<(string Name, string Method, string Path, string? ContentType, byte[]? Body, Key Key)> Corpus(string otherUpload)
    {
        const string json = "application/json";
        static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        var huge = new byte[2 * 1024 * 1024];
        Array.Fill(huge, (byte)'[');
        var longText = new string('Ж', 5000);

        // Provider registration (admin).
        yield return ("provider: broken JSON", "POST", "api/admin/providers", json, Utf8("""{"name":"""), Key.None);
        yield return ("provider: trailing comma", "POST", "api/admin/providers", json, Utf8("""{"name":"x",}"""), Key.None);
        yield return ("provider: array", "POST", "api/admin/providers", json, Utf8("[1,2]"), Key.None);
        yield return ("provider: JSON null", "POST", "api/admin/providers", json, Utf8("null"), Key.None);
        yield return ("provider: name is a number", "POST", "api/admin/providers", json, Utf8("""{"name":5}"""), Key.None);
        yield return ("provider: deep nesting", "POST", "api/admin/providers", json, Utf8(new string('[', 5000)), Key.None);
        yield return ("provider: huge body", "POST", "api/admin/providers", json, huge, Key.None);
        yield return ("provider: form instead of JSON", "POST", "api/admin/providers", "application/x-www-form-urlencoded", Utf8("name=x"), Key.None);
        yield return ("provider: XML", "POST", "api/admin/providers", "application/xml", Utf8("<name>x</name>"), Key.None);
        yield return ("provider: overlong name", "POST", "api/admin/providers", json, Utf8(JsonSerializer.Serialize(new { name = longText })), Key.None);
        yield return ("provider: blank name", "POST", "api/admin/providers", json, Utf8("""{"name":"  \t "}"""), Key.None);
        yield return ("provider: control characters", "POST", "api/admin/providers", json, Utf8("""{"name":"\u0000\u0007\u001b[2J"}"""), Key.None);
        yield return ("provider: invalid UTF-8", "POST", "api/admin/providers", json, [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'], Key.None);

        // Events.
        yield return ("event: no key", "PUT", "api/events/e1", json, Utf8(EventBody), Key.None);
        yield return ("event: forged key", "PUT", "api/events/e1", json, Utf8(EventBody), Key.Wrong);
        yield return ("event: another provider's id", "PUT", "api/events/other-school", json, Utf8(EventBody), Key.Mine);
        yield return ("event: path trick", "PUT", "api/events/..%2F..%2Fother-school", json, Utf8(EventBody), Key.Mine);
        yield return ("event: encoded control character in id", "PUT", "api/events/a%1Bb", json, Utf8(EventBody), Key.Mine);
        yield return ("event: overlong id", "PUT", "api/events/" + new string('a', 300), json, Utf8(EventBody), Key.Mine);
        yield return ("event: broken JSON", "PUT", "api/events/e1", json, Utf8("""{"title":"Школа","""), Key.Mine);
        yield return ("event: overlong title", "PUT", "api/events/e1", json, Utf8(EventBody.Replace("\"Школа\"", JsonSerializer.Serialize(longText), StringComparison.Ordinal)), Key.Mine);
        yield return ("event: control characters in title", "PUT", "api/events/e1", json, Utf8(EventBody.Replace("Школа", "\\u0000\\u0008", StringComparison.Ordinal)), Key.Mine);
        yield return ("event: unknown kind", "PUT", "api/events/e1", json, Utf8(EventBody.Replace("\"event\"", "\"webinar\"", StringComparison.Ordinal)), Key.Mine);
        yield return ("event: negative credits", "PUT", "api/events/e1", json, Utf8(EventBody.Replace(":6", ":-6", StringComparison.Ordinal)), Key.Mine);
        yield return ("event: credits as text", "PUT", "api/events/e1", json, Utf8(EventBody.Replace(":6", ":\"six\"", StringComparison.Ordinal)), Key.Mine);
        yield return ("event: impossible date", "PUT", "api/events/e1", json, Utf8(EventBody.Replace("2026-11-21", "2026-02-30", StringComparison.Ordinal)), Key.Mine);
        yield return ("event: ends before it starts", "PUT", "api/events/e1", json, Utf8(EventBody.Replace("2026-11-21", "2026-11-01", StringComparison.Ordinal)), Key.Mine);
        yield return ("event: huge body", "PUT", "api/events/e1", json, huge, Key.Mine);

        // Attendance uploads.
        var csv = Scenario.Csv(0, 3);
        yield return ("upload: no key", "POST", "api/events/hostile-school/attendance", "text/csv", csv, Key.None);
        yield return ("upload: another provider's event", "POST", "api/events/other-school/attendance", "text/csv", csv, Key.Mine);
        yield return ("upload: unknown event", "POST", "api/events/nobody-school/attendance", "text/csv", csv, Key.Mine);
        yield return ("upload: path trick", "POST", "api/events/..%2Fother-school/attendance", "text/csv", csv, Key.Mine);
        yield return ("upload: empty body", "POST", "api/events/hostile-school/attendance", "text/csv", [], Key.Mine);
        yield return ("upload: over the size limit", "POST", "api/events/hostile-school/attendance", "text/csv", huge, Key.Mine);
        yield return ("upload: JSON instead of CSV", "POST", "api/events/hostile-school/attendance", json, Utf8("""[{"email":"a@clinic.example"}]"""), Key.Mine);
        yield return ("upload: binary", "POST", "api/events/hostile-school/attendance", "application/octet-stream", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52], Key.Mine);
        yield return ("upload: header only", "POST", "api/events/hostile-school/attendance", "text/csv", Utf8("Фамилия;Имя;Отчество;Email\n"), Key.Mine);
        yield return ("upload: every row hostile", "POST", "api/events/hostile-school/attendance", "text/csv",
            Utf8($"Фамилия;Имя;Отчество;Email\n=cmd|'/c calc'!A1;\u0000;x;{new string('a', 300)}@clinic.example\n../../etc;passwd;x;not-an-address\n"), Key.Mine);

        // Upload status.
        yield return ("status: no key", "GET", $"api/uploads/{otherUpload}", null, null, Key.None);
        yield return ("status: another provider's upload", "GET", $"api/uploads/{otherUpload}", null, null, Key.Mine);
        yield return ("status: path trick", "GET", "api/uploads/..%2F..%2Fadmin", null, null, Key.Mine);
        yield return ("status: control character", "GET", "api/uploads/upl-%0d%0aX-Injected:1", null, null, Key.Mine);

        // Activations (the portal).
        yield return ("activation: broken JSON", "POST", "api/activations", json, Utf8("""{"doctorId":"d1","code":"""), Key.None);
        yield return ("activation: huge body", "POST", "api/activations", json, huge, Key.None);
        yield return ("activation: text/plain garbage", "POST", "api/activations", "text/plain", Utf8("code=ABCD-EFGH2345"), Key.None);
        yield return ("activation: overlong code", "POST", "api/activations", json, Utf8(JsonSerializer.Serialize(new { doctorId = "hostile-d1", email = "d1@clinic.example", code = longText })), Key.None);
        yield return ("activation: path trick in doctor id", "POST", "api/activations", json, Utf8("""{"doctorId":"../d2","email":"d1@clinic.example","code":"ABCD-EFGH2345"}"""), Key.None);
        yield return ("activation: control characters in doctor id", "POST", "api/activations", json, Utf8("""{"doctorId":"d1\n\u0000","email":"d1@clinic.example","code":"ABCD-EFGH2345"}"""), Key.None);
        yield return ("activation: overlong e-mail", "POST", "api/activations", json, Utf8(JsonSerializer.Serialize(new { doctorId = "hostile-d1", email = new string('a', 300) + "@clinic.example", code = "ABCD-EFGH2345" })), Key.None);
        yield return ("activation: no code", "POST", "api/activations", json, Utf8("""{"doctorId":"hostile-d1","email":"d1@clinic.example"}"""), Key.None);
        yield return ("activation: unknown code", "POST", "api/activations", json, Utf8("""{"doctorId":"hostile-d2","email":"d2@clinic.example","code":"ABCD-EFGH2345"}"""), Key.None);
        yield return ("activation: code as an object", "POST", "api/activations", json, Utf8("""{"doctorId":"hostile-d3","email":"d3@clinic.example","code":{"$ne":null}}"""), Key.None);

        // Credits report.
        yield return ("credits: path trick", "GET", "api/doctors/..%2F..%2Fadmin/credits", null, null, Key.None);
        yield return ("credits: control character", "GET", "api/doctors/d%07/credits", null, null, Key.None);
        yield return ("credits: overlong id", "GET", "api/doctors/" + new string('d', 300) + "/credits", null, null, Key.None);

        // Module completions.
        var completion = """{"doctorId":"hostile-d1","email":"d1@clinic.example","completedAt":"2026-11-21T10:00:00Z"}""";
        yield return ("module: no key", "POST", "api/modules/other-module/completions", json, Utf8(completion), Key.None);
        yield return ("module: another provider's module", "POST", "api/modules/other-module/completions", json, Utf8(completion), Key.Mine);
        yield return ("module: an event, not a module", "POST", "api/modules/hostile-school/completions", json, Utf8(completion), Key.Mine);
        yield return ("module: path trick", "POST", "api/modules/..%2Fother-module/completions", json, Utf8(completion), Key.Mine);
        yield return ("module: broken JSON", "POST", "api/modules/hostile-module/completions", json, Utf8("{"), Key.Mine);
        yield return ("module: overlong doctor id", "POST", "api/modules/hostile-module/completions", json, Utf8(completion.Replace("hostile-d1", new string('d', 300), StringComparison.Ordinal)), Key.Mine);
        yield return ("module: completion date as text", "POST", "api/modules/hostile-module/completions", json, Utf8(completion.Replace("2026-11-21T10:00:00Z", "yesterday", StringComparison.Ordinal)), Key.Mine);
        yield return ("module: completed in the future", "POST", "api/modules/hostile-module/completions", json, Utf8(completion.Replace("2026-11-24", "2099-01-01", StringComparison.Ordinal)), Key.Mine);
    }

    private static async Task<Dictionary<string, int>> SnapshotAsync(PipelineHost host)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in GuardedTables)
        {
            counts["table " + table] = (await Scenario.EntitiesAsync(host, table)).Count;
        }

        var clients = host.Storage;
        foreach (var queue in StorageNames.Queues.All)
        {
            QueueClient client = clients.Queue(queue);
            counts["queue " + queue] = (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        return counts;
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
