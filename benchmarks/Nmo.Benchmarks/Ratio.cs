namespace Nmo.Benchmarks;

/// <summary>One line of the ratio table: ours against its raw baseline, measured in the same run.</summary>
internal sealed record Ratio(string Measure, double Ours, double Baseline, double Goal, string Notes)
{
    public double Value => Ours / Baseline;

    public static void Print(IReadOnlyList<Ratio> ratios)
    {
        Console.WriteLine();
        Console.WriteLine("| measure | ours | baseline | ratio | goal | met | notes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---|");
        foreach (var r in ratios)
        {
            Console.WriteLine($"| {r.Measure} | {r.Ours:N1} | {r.Baseline:N1} | {r.Value:F2} | ≥ {r.Goal:F1} | {(r.Value >= r.Goal ? "yes" : "no")} | {r.Notes} |");
        }
    }
}
