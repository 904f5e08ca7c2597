using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExcelDataReader;
using MiniExcelLibs;

// Reads one 100,000-row attendance workbook with each candidate library, each in a fresh process so that the peak
// working set is the library's own. Usage: dotnet run -c Release --project benchmarks/Nmo.WorkbookBenchmark [-- ROWS]
if (args is ["read", var which, var path])
{
    return Read(which, path);
}

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var file = Path.Combine(Path.GetTempPath(), $"nmo-bench-{rows}.xlsx");
if (!File.Exists(file))
{
    Generate(file, rows);
}

Console.WriteLine($"{rows:N0} rows, {new FileInfo(file).Length / 1024.0 / 1024:F1} MiB xlsx");
Console.WriteLine("library          run  seconds  allocated MiB  peak working set MiB  rows");
foreach (var library in new[] { "ExcelDataReader", "MiniExcel" })
{
    for (var run = 1; run <= 3; run++)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        foreach (var a in new[] { "read", library, file })
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        var line = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        Console.WriteLine($"{library,-16} {run,3}  {line}");
    }
}

return 0;

static int Read(string library, string path)
{
    Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    var clock = Stopwatch.StartNew();
    long count = 0, chars = 0;
    if (library == "ExcelDataReader")
    {
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        while (reader.Read())
        {
            count++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                chars += Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)?.Length ?? 0;
            }
        }
    }
    else
    {
        using var stream = File.OpenRead(path);
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: false))
        {
            count++;
            foreach (var value in row.Values)
            {
                chars += Convert.ToString(value, CultureInfo.InvariantCulture)?.Length ?? 0;
            }
        }
    }

    clock.Stop();
    var allocated = GC.GetTotalAllocatedBytes(precise: true) / 1024.0 / 1024;
    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,7:F2}  {allocated,13:F0}  {peak,20:F0}  {count:N0} ({chars:N0} chars)"));
    return 0;
}

static void Generate(string path, int rows)
{
    var data = Enumerable.Range(1, rows).Select(i => new Dictionary<string, object>
    {
        ["№"] = i,
        ["Фамилия"] = $"Иванов{i % 977}",
        ["Имя"] = "Иван",
        ["Отчество"] = "Иванович",
        ["E-mail"] = $"attendee{i}@clinic.example",
        ["Специальность"] = (i % 3) switch { 0 => "Терапия", 1 => "Кардиология", _ => "Неврология" },
        ["СНИЛС"] = 11223344595L,
        ["Время присутствия, мин"] = 60 + (i % 120),
    });
    MiniExcel.SaveAs(path, data);
}
