using System.Net;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;
using static Nmo.Functions.Tests.Uploads.Uploads;

namespace Nmo.Functions.Tests.Uploads;

/// <summary>
/// An upload is validated while it streams into its blob, so the provider's 202 (or refusal) waits for one pass over
/// the file, not two; a file with more rejected rows than are held in memory is read again, with nothing lost.
/// </summary>
public sealed class StreamedValidationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_answer_to_an_upload_reports_its_rejected_rows_without_reading_the_stored_file()
    {
        var reads = RawUploadReads();
        await using var host = await StartAsync(reads);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "streamed");
        var file = List("a@clinic.example", "не-адрес", "b@clinic.example", "c@clinic", "d@clinic.example");

        var uploadId = await UploadAsync(provider, "streamed", file);

        Assert.Equal(0, reads.Count);
        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal((5, 3, 2), (status["rows"]!.GetValue<int>(), status["accepted"]!.GetValue<int>(), status["rejected"]!.GetValue<int>()));
        Assert.Equal([3, 5], ErrorLines(status));
        Assert.Equal("received", status["status"]!.GetValue<string>());

        // A file that cannot be used is refused on the same single pass.
        var refused = await PostAsync(provider, "streamed", Utf8(Crlf("Имя;Телефон", "Анна;123")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(0, reads.Count);
    }

    [Fact]
    public async Task A_large_file_refused_from_its_first_bytes_is_still_stored_whole_and_answered()
    {
        var reads = RawUploadReads();
        await using var host = await StartAsync(reads);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "binary");
        var noise = new byte[3 * 1024 * 1024];
        new Random(12).NextBytes(noise);

        // The validation stops after the sample (binary); the copy must stop with it, not hold the upload at the pipe's limit.
        var refused = await PostAsync(provider, "binary", noise);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(0, reads.Count);
        var uploadId = (await PipelineHost.JsonAsync(refused))["uploadId"]!.GetValue<string>();
        var stored = await host.Storage.Container(StorageNames.Containers.Uploads).GetBlobClient($"binary/{uploadId}.csv").GetPropertiesAsync();
        Assert.Equal(noise.Length, stored.Value.ContentLength);
    }

    [Fact]
    public async Task More_rejected_rows_than_are_held_in_memory_are_all_kept_from_a_second_read()
    {
        var reads = RawUploadReads();
        await using var host = await StartAsync(reads);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "many-bad");
        var bad = UploadService.HeldIssues + 5;
        var emails = Enumerable.Range(0, bad).Select(i => $"broken{i}.clinic.example").Append("good@clinic.example").ToArray();

        var uploadId = await UploadAsync(provider, "many-bad", List(emails));

        Assert.True(reads.Count > 0);
        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal((bad + 1, 1, bad), (status["rows"]!.GetValue<int>(), status["accepted"]!.GetValue<int>(), status["rejected"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(2, bad), ErrorLines(status));
    }

    private async Task<PipelineHost> StartAsync(RequestCounter reads)
    {
        var counting = new StorageClientOptions();
        counting.PerRetryPolicies.Add(reads);

        // Without the queue triggers nothing but the upload itself can read its blob.
        return await PipelineHost.StartAsync(azurite, services: s => s.AddSingleton(counting), tweak: o => o.EnableQueueTriggers = false);
    }

    /// <summary>Counts reads of raw upload blobs (their properties or content).</summary>
    private static RequestCounter RawUploadReads() => new(r =>
        (r.Method == RequestMethod.Get || r.Method == RequestMethod.Head) &&
        r.Uri.Path.Contains($"/{StorageNames.Containers.Uploads}/", StringComparison.Ordinal) && r.Uri.Path.EndsWith(".csv", StringComparison.Ordinal));
}
