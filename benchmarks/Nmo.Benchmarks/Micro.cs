using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using global::CsvHelper;
using Nmo.Core.Attendance;
using Nmo.Core.Codes;

namespace Nmo.Benchmarks;

internal static class Micro
{
    /// <summary>Short in-process runs: enough for ratios on a shared 2-core machine, minutes not hours.</summary>
    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromTypes([typeof(CodeBenchmarks), typeof(CsvBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}

/// <summary>The code generator and the normaliser that reads what doctors type.</summary>
[MemoryDiagnoser]
public class CodeBenchmarks
{
    private const string Typed = " abcd efgh2345 ";

    [Benchmark]
    public string Generate() => ConfirmationCode.Generate();

    [Benchmark]
    public string Normalize() => ConfirmationCode.Normalize(Typed);

    [Benchmark]
    public CodeParseResult Parse() => ConfirmationCode.Parse(Typed);
}

/// <summary>The attendance validator against a raw CsvHelper parse of the same 10,000-row file.</summary>
[MemoryDiagnoser]
public class CsvBenchmarks
{
    private byte[] file = [];

    [Params(10_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var csv = new StringBuilder("Фамилия;Имя;Отчество;Email;Специальность\n");
        for (var i = 0; i < Rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Врачев{i};Иван;Петрович;doctor{i}@clinic.example;Терапия\n");
        }

        file = Encoding.UTF8.GetBytes(csv.ToString());
    }

    [Benchmark(Baseline = true)]
    public int RawCsvHelperParse()
    {
        // Every field of every record read as a string: what any consumer of the file must do at least.
        using var csv = CsvReader.Create(new MemoryStream(file), new CsvReaderOptions { Separator = ';', HasHeader = true });
        csv.ReadHeader();
        var length = 0;
        while (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                length += csv.GetString(i).Length;
            }
        }

        return length;
    }

    [Benchmark]
    public int Validate() => AttendanceValidator.Validate(new MemoryStream(file), new AttendanceRules()).Accepted;
}
