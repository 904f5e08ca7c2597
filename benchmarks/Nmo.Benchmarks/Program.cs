using System.Globalization;
using Nmo.Benchmarks;

// dotnet run -c Release --project benchmarks/Nmo.Benchmarks -- <all [--no-100k] | ingest ROWS | activations [CODES] [CLIENTS] | validator | micro | serve-sendgrid [--codes]>
return args switch
{
    ["all", .. var rest] => await AllAsync(!rest.Contains("--no-100k")),
    ["ingest", var rows] => Print(await Ingestion.RunAsync(int.Parse(rows, CultureInfo.InvariantCulture))),
    ["activations", .. var rest] => Print(await Activations.RunAsync(
        rest.Length > 0 ? int.Parse(rest[0], CultureInfo.InvariantCulture) : 2_000,
        rest.Length > 1 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 50)),
    ["validator"] => Print(ValidatorRun.Run()),
    ["micro", .. var rest] => Micro.Run(rest),
    ["serve-sendgrid", .. var rest] => await SendGridProcess.ServeAsync(rest.Contains("--codes")),
    _ => Usage(),
};

// Each part starts its own Azurite, SendGrid process and host, and measures its baseline right after itself.
static async Task<int> AllAsync(bool with100k)
{
    Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
    var ratios = new List<Ratio> { ValidatorRun.Run(), await Ingestion.RunAsync(20_000) };
    if (with100k)
    {
        ratios.Add(await Ingestion.RunAsync(100_000));
    }

    ratios.Add(await Activations.RunAsync(2_000, 50));
    Ratio.Print(ratios);
    Console.WriteLine($"load average at the end {LoadAverage()}");
    return 0;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static int Print(Ratio ratio)
{
    Ratio.Print([ratio]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Nmo.Benchmarks all [--no-100k] | ingest ROWS | activations [CODES] [CLIENTS] | validator | micro [BenchmarkDotNet arguments] | serve-sendgrid [--codes]");
    return 2;
}
