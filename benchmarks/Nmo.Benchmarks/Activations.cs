using System.Diagnostics;
using System.Net.Http.Json;
using Azure;
using Azure.Data.Tables;

namespace Nmo.Benchmarks;

/// <summary>
/// Concurrent doctors activating codes through the HTTP function, against the storage floor of an activation:
/// a point read and an ETag-conditional update per code, at the same concurrency.
/// </summary>
internal static class Activations
{
    public static async Task<Ratio> RunAsync(int codes, int clients)
    {
        await using var harness = await Harness.StartAsync(keepCodes: true);
        var provider = await harness.ProviderWithEventAsync("bench-activations");
        Console.WriteLine($"Issuing {codes:N0} codes ...");
        var times = await harness.UploadAndWaitAsync(provider, "bench-activations", Harness.Csv(codes));
        Console.WriteLine($"  issued and e-mailed in {times.Done.TotalSeconds:F1} s");
        var plain = harness.Codes.Distinct().ToArray();
        if (plain.Length != codes)
        {
            throw new InvalidOperationException($"{plain.Length} codes e-mailed, {codes} expected.");
        }

        // As in Ingestion: counting makes the SDK format every request for its event, so it is asked for, not on.
        using var tally = Environment.GetEnvironmentVariable("NMO_BENCH_COUNT_REQUESTS") == "1" ? new StorageRequestTally() : null;
        tally?.Start();
        var cpuBefore = (Ours: Harness.CpuSeconds(Environment.ProcessId), Azurite: Harness.CpuSeconds(harness.AzuriteProcessId));
        var noticesFrom = Stopwatch.GetTimestamp();
        // A client answered 503 (storage slow or throttling) waits its Retry-After and tries again, as the portal
        // does; the latency counted is the doctor's, retries included.
        var unavailable = 0;
        var ours = await RunClientsAsync(codes, clients, async i =>
        {
            while (true)
            {
                using var response = await harness.Http.PostAsJsonAsync("api/activations", new { doctorId = $"bench-doc-{i}", email = $"doc{i}@clinic.example", code = plain[i] });
                if ((int)response.StatusCode == 200)
                {
                    return;
                }

                if ((int)response.StatusCode != 503)
                {
                    throw new InvalidOperationException($"Activation {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }

                Interlocked.Increment(ref unavailable);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            }
        });

        // Credit notices follow each activation through the queue; wait for them to know SendGrid's share,
        // and so that the baseline does not share Azurite with them.
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (harness.RecipientsByCategory.GetValueOrDefault("credit-notice") < codes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        var noticesAfter = Stopwatch.GetElapsedTime(noticesFrom);
        var cpu = (Ours: Harness.CpuSeconds(Environment.ProcessId) - cpuBefore.Ours, Azurite: Harness.CpuSeconds(harness.AzuriteProcessId) - cpuBefore.Azurite);
        if (tally?.Stop() is { } requests)
        {
            Console.WriteLine("Storage requests of the activations and their credit notices, per activation:");
            StorageRequestTally.Print(requests, codes);
        }

        Console.WriteLine($"CPU from the first activation to the last notice: ours {cpu.Ours:F1} s, Azurite {cpu.Azurite:F1} s, of {noticesAfter.TotalSeconds:F1} s elapsed");
        var table = harness.Storage.TableService.GetTableClient("BenchActivations");
        await table.CreateIfNotExistsAsync();
        var keys = plain.Select(c => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c)))).ToArray();
        foreach (var partition in keys.GroupBy(k => k[..1]))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(k[..1], k)
                {
                    ["EventId"] = "bench-activations", ["AttendeeKey"] = k[..32], ["Status"] = "issued", ["IssuedAt"] = DateTimeOffset.UtcNow,
                })));
            }
        }

        // Read, then replace on the read ETag, again after a 412 as the activation does: Azurite has been seen to
        // answer 412 under 50 concurrent writers to one partition with no other writer of that entity.
        var conflicts = 0;
        var baseline = await RunClientsAsync(codes, clients, async i =>
        {
            while (true)
            {
                var entity = (await table.GetEntityAsync<TableEntity>(keys[i][..1], keys[i])).Value;
                entity["Status"] = "activated";
                entity["DoctorId"] = $"bench-doc-{i}";
                entity["ActivatedAt"] = DateTimeOffset.UtcNow;
                try
                {
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
                    return;
                }
                catch (RequestFailedException e) when (e.Status == 412)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        });

        Console.WriteLine($"""
            | activations | clients | ours /s | ours p50 | ours p99 | baseline /s | baseline p50 | baseline p99 | ours/baseline (throughput) | credit notices accepted by SendGrid | all notices sent after |
            |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
            | {codes:N0} | {clients} | {ours.PerSecond:F0} | {ours.P50:F1} ms | {ours.P99:F1} ms | {baseline.PerSecond:F0} | {baseline.P50:F1} ms | {baseline.P99:F1} ms | {ours.PerSecond / baseline.PerSecond:F2} | {harness.RecipientsByCategory.GetValueOrDefault("credit-notice"):N0} | {noticesAfter.TotalSeconds:F0} s |
            """);
        return new Ratio($"{codes:N0} activations, {clients} clients (activations/s)", ours.PerSecond, baseline.PerSecond, 0.3,
            $"p50 {ours.P50:F0} ms / {baseline.P50:F0} ms, p99 {ours.P99:F0} ms / {baseline.P99:F0} ms ({ours.P99 / baseline.P99:F1}×, goal ≤ 3×); {unavailable} answers 503 retried; baseline {conflicts} updates retried after 412");
    }

    private static async Task<Run> RunClientsAsync(int count, int clients, Func<int, Task> work)
    {
        var latencies = new double[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t = Stopwatch.GetTimestamp();
                await work(i);
                latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        return new Run(count / elapsed.TotalSeconds, latencies[(int)(count * 0.50)], latencies[Math.Min(count - 1, (int)(count * 0.99))]);
    }

    private sealed record Run(double PerSecond, double P50, double P99);
}
