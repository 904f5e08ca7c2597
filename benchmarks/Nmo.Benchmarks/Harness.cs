using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Nmo.Azurite;
using Nmo.LocalHost;
using Nmo.Core.Configuration;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Testing.Email;

namespace Nmo.Benchmarks;

/// <summary>
/// Azurite (in memory), the loopback SendGrid (in a child process, <see cref="SendGridProcess"/>) and the real function
/// host with production settings (host.json queue semantics, SendGrid sender), as <c>nmo serve</c> runs them. Logs at
/// Warning and above only.
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    private readonly AzuriteInstance azurite;
    private readonly SendGridProcess sendGrid;
    private readonly WebApplication app;

    private Harness(AzuriteInstance azurite, SendGridProcess sendGrid, WebApplication app, IConfiguration configuration)
    {
        this.azurite = azurite;
        this.sendGrid = sendGrid;
        this.app = app;
        Configuration = configuration;
        Http = new HttpClient { BaseAddress = new Uri(LocalFunctionHost.GetAddress(app)), Timeout = TimeSpan.FromMinutes(10) };
    }

    public HttpClient Http { get; }

    public IConfiguration Configuration { get; }

    public StorageClients Storage => new(Configuration);

    public int? AzuriteProcessId => azurite.ProcessId;

    public int SendGridProcessId => sendGrid.ProcessId;

    /// <summary>Requests SendGrid received (each up to 1,000 recipients).</summary>
    public int SendGridRequests => sendGrid.Requests;

    public ConcurrentDictionary<string, int> RecipientsByCategory => sendGrid.RecipientsByCategory;

    /// <summary>Codes of the certificates SendGrid accepted, when started with <c>keepCodes</c>.</summary>
    public ConcurrentBag<string> Codes => sendGrid.Codes;

    public static async Task<Harness> StartAsync(bool keepCodes = false)
    {
        // NMO_BENCH_AZURITE_PROFILE=DIR: Azurite's CPU profile, written to DIR when it stops (benchmarks/azurite-profile.js reads it).
        var profile = Environment.GetEnvironmentVariable("NMO_BENCH_AZURITE_PROFILE");
        var azurite = await AzuriteLauncher.StartAsync(
            new AzuriteStartOptions { NodeArguments = profile is null ? [] : ["--cpu-prof", "--cpu-prof-interval", "500", "--cpu-prof-dir", Path.GetFullPath(profile)] },
            CancellationToken.None);
        var sendGrid = await SendGridProcess.StartAsync(keepCodes);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageNames.Connection] = azurite.ConnectionString,
            [SettingNames.CodeHashKey] = "bench-" + Guid.NewGuid().ToString("N"),
            ["SendGrid:ApiKey"] = FakeSendGridServer.ApiKey,
            ["SendGrid:Host"] = sendGrid.Host,
        })
            // So a setting can be compared in the same session, e.g. Uploads__ChunksInFlight=1 against the default.
            .AddEnvironmentVariables()
            .Build();
        await new StorageClients(configuration).EnsureCreatedAsync(CancellationToken.None);
        var app = NmoLocalHost.Build(configuration, 0, o => o.ConfigureLogging = l => l.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(level => level >= LogLevel.Warning));
        await app.StartAsync();
        return new Harness(azurite, sendGrid, app, configuration);
    }

    public async Task<HttpClient> ProviderWithEventAsync(string eventId)
    {
        var response = await Http.PostAsJsonAsync("api/admin/providers", new { name = "Бенчмарк" });
        response.EnsureSuccessStatusCode();
        var key = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["apiKey"]!.GetValue<string>();
        var provider = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        provider.DefaultRequestHeaders.Add("X-Api-Key", key);
        (await provider.PutAsJsonAsync($"api/events/{eventId}", new
        {
            title = "Школа кардиолога", kind = "event", startDate = "2026-11-20", endDate = "2026-11-21", place = "Москва", credits = 6,
        })).EnsureSuccessStatusCode();
        return provider;
    }

    /// <summary>Written as UTF-8 straight into one buffer: the 100,000-row file is 8 MB, its text as a string twice that.</summary>
    public static byte[] Csv(int rows)
    {
        using var buffer = new MemoryStream(rows * 90);
        WriteCsv(buffer, rows);
        return buffer.ToArray();
    }

    /// <summary>
    /// The same file on disk, so that the upload streams it from there: a provider's browser holds no copy in the
    /// app's memory, and an 8 MB array here would count in the peak measured as the app's.
    /// </summary>
    public static string CsvFile(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nmo-bench-{rows}-{Guid.NewGuid():N}.csv");
        using var file = File.Create(path);
        WriteCsv(file, rows);
        return path;
    }

    private static void WriteCsv(Stream stream, int rows)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        writer.Write("Фамилия;Имя;Отчество;Email;Специальность\n");
        for (var i = 0; i < rows; i++)
        {
            writer.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Врачев{i};Иван;Петрович;doctor{i}@clinic.example;Терапия\n"));
        }
    }

    /// <summary>
    /// Starts a new peak of this process's resident memory (Linux: writing 5 to clear_refs resets VmHWM), after a full
    /// collection, so that the peak read after an upload is the upload's, not the harness's start-up. Returns the
    /// resident memory at that moment, or null where the peak cannot be reset.
    /// </summary>
    public static double? RestartPeakMemory()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return PeakMegabytes(Environment.ProcessId);
    }

    /// <summary>From the POST to every code stored and every certificate accepted by SendGrid.</summary>
    public Task<IngestTimes> UploadAndWaitAsync(HttpClient provider, string eventId, byte[] csv) =>
        UploadAndWaitAsync(provider, eventId, new ByteArrayContent(csv));

    public async Task<IngestTimes> UploadAndWaitAsync(HttpClient provider, string eventId, HttpContent csv)
    {
        var certificatesBefore = RecipientsByCategory.GetValueOrDefault("certificate");
        var started = Stopwatch.GetTimestamp();
        var response = await provider.PostAsync($"api/events/{eventId}/attendance", csv);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException("Upload refused: " + accepted.ToJsonString());
        }

        var uploadId = accepted["uploadId"]!.GetValue<string>();
        var acceptedAfter = Stopwatch.GetElapsedTime(started);
        TimeSpan? issuedAfter = null;
        while (true)
        {
            await Task.Delay(250);
            if (sendGrid.Violations.TryPeek(out var violation))
            {
                throw new InvalidOperationException("SendGrid would refuse: " + violation);
            }

            var status = JsonNode.Parse(await provider.GetStringAsync($"api/uploads/{uploadId}"))!;
            var issued = status["issued"]!.GetValue<int>();
            if (issuedAfter is null && status["status"]!.GetValue<string>() is "completed" or "failed")
            {
                issuedAfter = Stopwatch.GetElapsedTime(started);
            }

            if (status["status"]!.GetValue<string>() is "completed" or "failed" &&
                status["emailed"]!.GetValue<int>() + status["emailFailed"]!.GetValue<int>() >= issued &&
                RecipientsByCategory.GetValueOrDefault("certificate") - certificatesBefore >= issued)
            {
                return new IngestTimes(acceptedAfter, issuedAfter ?? Stopwatch.GetElapsedTime(started), Stopwatch.GetElapsedTime(started), status);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await sendGrid.DisposeAsync();
        await azurite.DisposeAsync();
    }

    /// <summary>CPU seconds (user + system) a process has used so far, Linux only: who of the two, host or Azurite, is busy.</summary>
    public static double? CpuSeconds(int? processId)
    {
        if (processId is null || !File.Exists($"/proc/{processId}/stat"))
        {
            return null;
        }

        // Fields 14 and 15 (utime, stime) in clock ticks (USER_HZ, 100 on Linux), counted after the command name's
        // closing parenthesis, which a name with spaces would otherwise shift.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Peak resident memory of a process in MB (VmHWM), Linux only.</summary>
    public static double? PeakMegabytes(int? processId)
    {
        if (processId is null || !File.Exists($"/proc/{processId}/status"))
        {
            return null;
        }

        var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}

/// <summary>When the upload was answered 202, when every code was stored, when every certificate was accepted.</summary>
internal sealed record IngestTimes(TimeSpan Accepted, TimeSpan Issued, TimeSpan Done, JsonNode Status);
