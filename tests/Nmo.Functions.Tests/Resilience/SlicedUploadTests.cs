using System.Diagnostics;
using Azure.Data.Tables;
using Nmo.Core.Storage;
using Nmo.Testing.Email;
using Nmo.Testing;
using Xunit.Abstractions;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// An upload of any size is processed in slices, one queue invocation each, with a checkpoint stored with the
/// upload: 6,000 rows in six slices finish with every code stored exactly once, and the status shows the rows
/// processed so far. (A 100,000-row run with a host stopped in its third slice had reached row 90,000 after
/// 25 minutes on this 2-core machine, too long for CI; see docs/benchmarks.md.)
/// </summary>
public sealed class SlicedUploadTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Six_thousand_rows_in_six_slices_store_every_code_once_and_show_their_progress()
    {
        const int Rows = 6_000;
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var settings = Scenario.Settings(sendGrid);
        settings["Uploads:EmailBatchSize"] = "1000";
        settings["Uploads:SliceSize"] = "1000";
        // Chunks issued side by side merge their counts, issues and certificate keys as one at a time would.
        settings["Uploads:ChunksInFlight"] = "4";
        await using var host = await PipelineHost.StartAsync(azurite, settings);
        var provider = await Scenario.ProviderWithEventAsync(host, "congress-2026");

        var clock = Stopwatch.StartNew();
        var uploadId = await Scenario.UploadAsync(provider, "congress-2026", Scenario.Csv(0, Rows));
        var progress = new SortedSet<int>();
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
            progress.Add(status["processed"]!.GetValue<int>());
            if (status["status"]!.GetValue<string>() == "completed")
            {
                output.WriteLine($"{Rows} rows issued in {clock.Elapsed.TotalSeconds:F0} s");
                Assert.Equal(Rows, status["processed"]!.GetValue<int>());
                Assert.Equal(Rows, status["issued"]!.GetValue<int>());
                Assert.Equal(0, status["alreadyIssued"]!.GetValue<int>());
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The upload did not complete: " + status.ToJsonString());
            await Task.Delay(250);
        }

        // Progress was visible slice by slice, not only at the end.
        Assert.True(progress.Count(p => p is > 0 and < Rows) >= 2, $"progress seen: {string.Join(", ", progress)}");
        Assert.All(progress.Where(p => p is > 0 and < Rows), p => Assert.True(p >= 1000, $"a checkpoint at row {p}, before the slice size"));

        var status2 = await PipelineHost.WaitForUploadAsync(provider, uploadId, TimeSpan.FromMinutes(15));
        output.WriteLine($"{Rows} certificates accepted after {clock.Elapsed.TotalSeconds:F0} s");
        Assert.Equal(Rows, status2["emailed"]!.GetValue<int>());

        var codes = await Scenario.EntitiesAsync(host, StorageNames.Tables.Codes, TableClient.CreateQueryFilter($"EventId eq {"congress-2026"}"));
        Assert.Equal(Rows, codes.Count);
        Assert.Equal(Rows, codes.Select(c => c.GetString("AttendeeKey")).Distinct(StringComparer.Ordinal).Count());
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "congress-2026", Rows);

        // Slicing adds no certificate messages: at most one SendGrid request per 1,000 certificates, plus one.
        Assert.InRange(sendGrid.Requests.Count, Rows / 1000, (Rows / 1000) + 1);
    }
}
