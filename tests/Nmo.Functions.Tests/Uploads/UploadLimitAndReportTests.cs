using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Configuration;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Cli;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;
using static Nmo.Functions.Tests.Uploads.Uploads;

namespace Nmo.Functions.Tests.Uploads;

public sealed class UploadLimitAndReportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Limit = 1024 * 1024;

    [Fact]
    public async Task A_body_declared_larger_than_the_limit_is_refused_with_413_naming_the_limit()
    {
        await using var host = await PipelineHost.StartAsync(azurite, new Dictionary<string, string?> { [SettingNames.UploadMaxBytes] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "big");

        var response = await PostAsync(provider, "big", Large(Limit + 1));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await PipelineHost.JsonAsync(response);
        Assert.Contains("1 МБ", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Limit, problem["maxBytes"]!.GetValue<long>());
        Assert.Empty(await BlobsAsync(host, "big/"));
    }

    [Fact]
    public async Task A_chunked_body_that_grows_past_the_limit_is_refused_with_413_and_its_blob_deleted()
    {
        await using var host = await PipelineHost.StartAsync(azurite, new Dictionary<string, string?> { [SettingNames.UploadMaxBytes] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "chunked");

        // No Content-Length: the size is only known by reading, as with a chunked request.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events/chunked/attendance")
        {
            Content = new StreamContent(new UnseekableStream(Large(Limit + 64 * 1024))),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        var response = await provider.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1 MB", (await PipelineHost.JsonAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await BlobsAsync(host, "chunked/"));

        // Just under the limit, a body gets as far as being read (a binary one, refused for what it is, not its size).
        using var fits = new HttpRequestMessage(HttpMethod.Post, "api/events/chunked/attendance")
        {
            Content = new StreamContent(new UnseekableStream(new byte[Limit - 1024])),
        };
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await provider.SendAsync(fits)).StatusCode);
    }

    [Theory]
    [InlineData("ru")]
    [InlineData("en")]
    public async Task Nmo_validate_and_the_upload_status_report_a_file_identically(string language)
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        var files = new[]
        {
            File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Samples", "attendance-ru.csv")),
            Windows1251.GetBytes(Crlf(
                "Фамилия;Имя;Email;СНИЛС;Телефон",
                "Ёлкина;Анна;elkina@clinic.example;112-233-445 95;1",
                ";Юрий;shchukin@clinic.example;;2",
                "Щукин;Юрий;shchukin@clinic;123;3",
                "Орлова;Ольга;orlova@clinic.example;123;4",
                "Ёлкина;Анна;ELKINA@clinic.example;;5")),
            Utf8(Crlf("Фамилия;Имя;Телефон", "Ёлкина;Анна;1")),
        };

        for (var i = 0; i < files.Length; i++)
        {
            var eventId = $"same-{language}-{i}";
            await CreateEventAsync(provider, eventId);
            var (exitCode, printed) = await ValidateAsync(files[i], language);
            var cli = JsonNode.Parse(printed)!;

            var response = await PostAsync(provider, eventId, files[i], language);
            var body = await PipelineHost.JsonAsync(response);
            var uploadId = body["uploadId"]!.GetValue<string>();
            var status = response.StatusCode == HttpStatusCode.Accepted
                ? await PipelineHost.WaitForUploadAsync(provider, uploadId)
                : await PipelineHost.JsonAsync(await provider.SendAsync(WithLanguage($"api/uploads/{uploadId}", language)));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                status = await PipelineHost.JsonAsync(await provider.SendAsync(WithLanguage($"api/uploads/{uploadId}", language)));
            }

            var fields = new[] { "encoding", "delimiter", "rows", "accepted", "rejected", "errors", "warnings" };
            Assert.Equal(fields, cli.AsObject().Select(p => p.Key));
            foreach (var field in fields)
            {
                Assert.True(JsonNode.DeepEquals(cli[field], status[field]), $"file {i}, {field}: validate {cli[field]?.ToJsonString()} vs status {status[field]?.ToJsonString()}");
            }

            Assert.NotEmpty(cli["errors"]!.AsArray().Concat(cli["warnings"]!.AsArray()));
            Assert.Equal(response.StatusCode == HttpStatusCode.Accepted ? 0 : 1, exitCode);
        }
    }

    /// <summary><c>nmo validate FILE --json</c> (with <c>--en</c> for English), the built CLI run as a user runs it.</summary>
    private static async Task<(int ExitCode, string Json)> ValidateAsync(byte[] file, string language)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nmo-validate-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, file);
        try
        {
            var (exitCode, output, error) = await NmoCli.RunAsync(
                new Dictionary<string, string>(), language == "en" ? ["validate", path, "--json", "--en"] : ["validate", path, "--json"]);
            Assert.True(exitCode is 0 or 1, $"nmo validate exited {exitCode}: {error}");
            return (exitCode, output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static HttpRequestMessage WithLanguage(string url, string language)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        return request;
    }

    /// <summary>A valid attendance list of at least <paramref name="bytes"/> bytes.</summary>
    private static byte[] Large(int bytes)
    {
        var text = new System.Text.StringBuilder("Фамилия;Имя;Email\r\n");
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append("Участник;Имя;p").Append(i).Append("@clinic.example\r\n");
        }

        var data = Utf8(text.ToString());
        return data.Length > bytes ? data[..bytes] : data;
    }

    private static async Task<List<string>> BlobsAsync(PipelineHost host, string prefix)
    {
        var container = host.Services.GetRequiredService<StorageClients>().Container(StorageNames.Containers.Uploads);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
