using Nmo.Benchmarks;

// dotnet run -c Release --project benchmarks/Nmo.Benchmarks -- <ingest ROWS | activations [CODES] [CLIENTS] | micro>
return args switch
{
    ["ingest", var rows] => await Ingestion.RunAsync(int.Parse(rows, System.Globalization.CultureInfo.InvariantCulture)),
    ["activations", .. var rest] => await Activations.RunAsync(
        rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000,
        rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : 50),
    ["micro", .. var rest] => Micro.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Nmo.Benchmarks ingest ROWS | activations [CODES] [CLIENTS] | micro [BenchmarkDotNet arguments]");
    return 2;
}
