using System.Diagnostics;
using System.Globalization;
using System.Text;
using global::CsvHelper;
using Nmo.Core.Attendance;

namespace Nmo.Benchmarks;

/// <summary>
/// The validator against a raw CsvHelper parse of the same 10,000-row file, in this process, as files per second:
/// the median of repeated runs after a warm-up of three seconds, each side alternately, so load on the machine hits both alike.
/// (<c>micro</c> measures the same pair with BenchmarkDotNet, for allocations.)
/// </summary>
internal static class ValidatorRun
{
    public static Ratio Run(int rows = 10_000, int rounds = 41)
    {
        var csv = new StringBuilder("Фамилия;Имя;Отчество;Email;Специальность\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Врачев{i};Иван;Петрович;doctor{i}@clinic.example;Терапия\n");
        }

        var file = Encoding.UTF8.GetBytes(csv.ToString());
        var ours = new double[rounds];
        var raw = new double[rounds];
        // Both sides are warmed up until the JIT has promoted their loops to optimised code (tiering waits 100 ms
        // after 30 calls, then compiles in the background): a handful of warm-up rounds measured the JIT's first
        // tier for the side with more code, not the code.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
        {
            RawParse(file);
            AttendanceValidator.Validate(new MemoryStream(file), new AttendanceRules());
        }

        for (var i = 0; i < rounds; i++)
        {
            var t = Stopwatch.GetTimestamp();
            RawParse(file);
            var r = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            AttendanceValidator.Validate(new MemoryStream(file), new AttendanceRules());
            var o = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            raw[i] = r;
            ours[i] = o;
        }

        Array.Sort(ours);
        Array.Sort(raw);
        var oursMs = ours[rounds / 2];
        var rawMs = raw[rounds / 2];
        Console.WriteLine($"Validator, {rows:N0} rows: {oursMs:F2} ms, raw CsvHelper parse {rawMs:F2} ms (medians of {rounds})");
        Console.WriteLine($"Allocated per file: ours {Allocated(() => AttendanceValidator.Validate(new MemoryStream(file), new AttendanceRules())) / 1024.0:N0} KB, raw {Allocated(() => RawParse(file)) / 1024.0:N0} KB");
        return new Ratio($"validator on {rows:N0} rows vs raw CsvHelper parse (files/s)", 1000 / oursMs, 1000 / rawMs, 0.5, $"{oursMs:F2} ms vs {rawMs:F2} ms");
    }

    private static long Allocated(Action run)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        run();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int RawParse(byte[] file)
    {
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
}
