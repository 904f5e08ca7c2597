using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MimeKit;
using Nmo.LocalHost;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Uploads;

/// <summary>What a provider does with uploads, through the real routes: register an event, send files, read back.</summary>
internal static class Uploads
{
    static Uploads() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1251 => Encoding.GetEncoding(1251);

    public static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    public static byte[] Utf8Bom(string text) => [0xEF, 0xBB, 0xBF, .. Utf8(text)];

    public static byte[] Utf16LeBom(string text) => [0xFF, 0xFE, .. new UnicodeEncoding(false, false).GetBytes(text)];

    public static string Crlf(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    public static string Lf(params string[] lines) => string.Join("\n", lines) + "\n";

    /// <summary>Header <c>Фамилия;Имя;Email</c> and one row per e-mail, in the given order.</summary>
    public static byte[] List(params string[] emails) =>
        Utf8(Crlf([.. new[] { "Фамилия;Имя;Email" }.Concat(emails.Select((e, i) => $"Участник{i};Имя;{e}"))]));

    public static async Task CreateEventAsync(HttpClient provider, string eventId, int? minAttendanceMinutes = null)
    {
        var put = await provider.PutAsJsonAsync($"api/events/{eventId}", new
        {
            title = "Школа " + eventId,
            kind = "event",
            startDate = "2026-11-20",
            endDate = "2026-11-21",
            place = "Москва",
            credits = 6,
            minAttendanceMinutes,
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient provider, string eventId, byte[] body, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/events/{eventId}/attendance") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        // A large body waits for the server's go-ahead, as curl does: an early 413 then cannot race a reset connection.
        request.Headers.ExpectContinue = body.Length > 256 * 1024;
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return provider.SendAsync(request);
    }

    /// <summary>Uploads and expects 202; returns the upload id.</summary>
    public static async Task<string> UploadAsync(HttpClient provider, string eventId, byte[] body)
    {
        var response = await PostAsync(provider, eventId, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["uploadId"]!.GetValue<string>();
    }

    public static async Task<JsonNode> UploadAndWaitAsync(HttpClient provider, string eventId, byte[] body) =>
        await PipelineHost.WaitForUploadAsync(provider, await UploadAsync(provider, eventId, body));

    public static async Task<List<string[]>> ReportAsync(HttpClient provider, string uploadId, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/uploads/{uploadId}/report.csv");
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        var response = await provider.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        // Good enough for the reports these tests make: no value holds a quoted delimiter or a line break.
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        return [.. text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(';'))];
    }

    /// <summary>The recipients of the certificates e-mailed for an event, one entry per message (so repeats show).</summary>
    public static List<string> CertificateRecipients(PipelineHost host, string eventId) =>
        [.. LocalOutbox.Messages(host.OutboxDirectory, eventId).Select(path =>
        {
            using var message = MimeMessage.Load(path);
            return Assert.Single(message.To.Mailboxes).Address.ToLowerInvariant();
        })];

    public static int[] ErrorLines(JsonNode status) => [.. status["errors"]!.AsArray().Select(e => e!["line"]!.GetValue<int>())];
}
