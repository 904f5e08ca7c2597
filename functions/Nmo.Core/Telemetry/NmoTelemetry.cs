using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nmo.Core.Telemetry;

/// <summary>
/// The pipeline's one trace source and one meter, both named <see cref="Name"/>: exporters subscribe to that name
/// (Azure Monitor in Azure, the console or OTLP under <c>nmo serve</c>, memory in tests), the code only emits.
/// </summary>
public static class NmoTelemetry
{
    public const string Name = "Nmo";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);
}
