namespace Nmo.Functions.Tests.Telemetry;

/// <summary>
/// The instruments are process-wide, so a test counting them runs alone: xunit runs this collection after the
/// parallel ones, and its tests one after another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
