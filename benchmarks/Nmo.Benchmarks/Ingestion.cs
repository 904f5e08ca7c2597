using System.Diagnostics;
using Azure.Data.Tables;

namespace Nmo.Benchmarks;

/// <summary>An upload end to end against raw 100-entity transactions of as many entities into the same Azurite.</summary>
internal static class Ingestion
{
    public static async Task<Ratio> RunAsync(int rows)
    {
        await using var harness = await Harness.StartAsync();
        var eventId = $"bench-{rows}";
        var provider = await harness.ProviderWithEventAsync(eventId);
        var csv = Harness.CsvFile(rows);
        Console.WriteLine($"Ingestion of {rows:N0} attendees ({new FileInfo(csv).Length / 1024.0 / 1024:F1} MB CSV), Azurite pid {harness.AzuriteProcessId}, SendGrid pid {harness.SendGridProcessId}");

        // The baseline runs in this process after ours, with the Tables SDK's code compiled and tiered up by then;
        // ours starts cold, and the JIT's tiering takes about a third of this process's CPU during a 20,000-row
        // upload. NMO_BENCH_WARMUP_ROWS=N uploads N rows to another event first, to measure ours warm as well (on
        // 2026-12-03 a warm host was no faster: the tiering is not what sets the pace). The warm-up's own figures
        // are printed: they are a fresh instance's first upload.
        var warmupRows = int.TryParse(Environment.GetEnvironmentVariable("NMO_BENCH_WARMUP_ROWS"), out var w) ? w : 0;
        if (warmupRows > 0)
        {
            var warmupEvent = $"bench-warmup-{warmupRows}";
            var warmupProvider = await harness.ProviderWithEventAsync(warmupEvent);
            var warmupCpu = Harness.CpuSeconds(Environment.ProcessId);
            var warm = await harness.UploadAndWaitAsync(warmupProvider, warmupEvent, Harness.Csv(warmupRows));
            Console.WriteLine($"Warm-up (a fresh host's first upload): {warmupRows:N0} rows in {warm.Done.TotalSeconds:F1} s ({warmupRows / warm.Done.TotalSeconds:F0} rows/s), CPU ours {Harness.CpuSeconds(Environment.ProcessId) - warmupCpu:F1} s");
        }

        var sendGridBefore = harness.SendGridRequests;
        var residentAtStart = Harness.RestartPeakMemory();

        // Counting requests makes the SDK format every request's headers for its event, so it is asked for, not on.
        using var tally = Environment.GetEnvironmentVariable("NMO_BENCH_COUNT_REQUESTS") == "1" ? new StorageRequestTally() : null;
        tally?.Start();
        using var allocations = Environment.GetEnvironmentVariable("NMO_BENCH_ALLOCATIONS") == "1" ? new AllocationTally() : null;
        var cpuBefore = (Ours: Harness.CpuSeconds(Environment.ProcessId), Azurite: Harness.CpuSeconds(harness.AzuriteProcessId));
        var gen0Before = GC.CollectionCount(0);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var committedAtStart = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes / 1024.0 / 1024;
        IngestTimes times;
        var memory = MemorySampler.Start();
        await using (memory)
        {
            await using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            times = await harness.UploadAndWaitAsync(provider, eventId, new StreamContent(file, 64 * 1024));
        }

        var gen0 = GC.CollectionCount(0) - gen0Before;
        var allocatedKbPerRow = (GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024.0 / rows;
        var cpu = (Ours: Harness.CpuSeconds(Environment.ProcessId) - cpuBefore.Ours, Azurite: Harness.CpuSeconds(harness.AzuriteProcessId) - cpuBefore.Azurite);
        var requests = tally?.Stop();
        allocations?.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();

        // The peak since the upload began where it could be restarted there (Linux), else since the process started.
        var peakMb = residentAtStart is null ? self.PeakWorkingSet64 / 1024.0 / 1024 : Harness.PeakMegabytes(Environment.ProcessId) ?? 0;
        var azuritePeakMb = Harness.PeakMegabytes(harness.AzuriteProcessId);
        var issued = times.Status["issued"]!.GetValue<int>();
        var sendGridRequests = harness.SendGridRequests - sendGridBefore;

        var baseline = await RawTransactionsAsync(harness, rows);
        var ours = rows / times.Done.TotalSeconds;
        var raw = rows / baseline.TotalSeconds;

        Console.WriteLine($"""
            | rows | ours rows/s | baseline rows/s | ours/baseline | 202 after | codes stored after | all certificates accepted after | SendGrid requests | certificates | peak working set (ours) | peak RSS (Azurite) |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            | {rows:N0} | {ours:F0} | {raw:F0} | {ours / raw:F2} | {times.Accepted.TotalSeconds:F1} s | {times.Issued.TotalSeconds:F1} s | {times.Done.TotalSeconds:F1} s | {sendGridRequests} | {issued:N0} | {peakMb:F0} MB | {(azuritePeakMb is { } a ? $"{a:F0} MB" : "n/a")} |
            """);
        if (requests is not null)
        {
            StorageRequestTally.Print(requests, rows);
        }

        allocations?.Print();
        Console.WriteLine($"CPU during the upload: ours {cpu.Ours:F1} s, Azurite {cpu.Azurite:F1} s, of {times.Done.TotalSeconds:F1} s elapsed");
        Console.WriteLine(residentAtStart is { } start
            ? $"Memory (ours): {start:F0} MB resident when the upload began, after a full collection; {peakMb:F0} MB at the most during it"
            : $"Memory (ours): {peakMb:F0} MB at the most since the process started (the peak could not be restarted here)");
        Console.WriteLine($"Of which the GC: managed heap {memory.HeapMegabytes:F0} MB at the most (live and not yet collected), {memory.CommittedMegabytes:F0} MB committed at the most ({committedAtStart:F0} MB at the start); {gen0} gen-0 collections, {allocatedKbPerRow:F1} KB allocated per row ({GCSettings()})");
        return new Ratio($"{rows:N0}-row upload, POST to all certificates accepted (rows/s)", ours, raw, 0.4, $"peak working set {peakMb:F0} MB (goal < 200 MB), {sendGridRequests} SendGrid requests for {issued:N0} certificates");
    }

    private static string GCSettings() =>
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, {System.Runtime.GCSettings.LatencyMode}, gen-0 size {AppContext.GetData("GCgen0size") ?? Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "default"}";

    /// <summary>The floor: the same number of attendee-sized entities in sequential 100-entity transactions, one partition.</summary>
    private static async Task<TimeSpan> RawTransactionsAsync(Harness harness, int rows)
    {
        var table = harness.Storage.TableService.GetTableClient("BenchRaw" + rows);
        await table.CreateIfNotExistsAsync();
        var now = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < rows; offset += 100)
        {
            var actions = Enumerable.Range(offset, Math.Min(100, rows - offset)).Select(i => new TableTransactionAction(
                TableTransactionActionType.Add,
                new TableEntity("bench-raw", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))[..32])
                {
                    ["UploadId"] = "upl-benchmarkbaseline",
                    ["Line"] = i + 2,
                    ["FullName"] = $"Врачев{i} Иван Петрович",
                    ["Email"] = $"doctor{i}@clinic.example",
                    ["Language"] = "ru",
                    ["ProtectedCode"] = new string('x', 120),
                    ["CodeHash"] = new string('h', 64),
                    ["IssuedAt"] = now,
                    ["CertificateStatus"] = "queued",
                }));
            await table.SubmitTransactionAsync(actions);
        }

        return Stopwatch.GetElapsedTime(started);
    }
}
