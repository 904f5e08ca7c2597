using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Nmo.Core.Telemetry;

namespace Nmo.Functions.Tests.Telemetry;

/// <summary>Every measurement of the pipeline's meter while it lives, as an exporter would receive them.</summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)> measurements = new();

    public MetricRecorder()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NmoTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    /// <summary>The total a counter reached, over the measurements whose tag <paramref name="tag"/> (when given) has <paramref name="value"/>.</summary>
    public long Sum(string instrument, string? tag = null, string? value = null) =>
        (long)Measurements(instrument, tag, value).Sum();

    /// <summary>A gauge's last value for the tag, or null when it was never recorded.</summary>
    public double? Last(string instrument, string tag, string value) =>
        Measurements(instrument, tag, value).Select(v => (double?)v).LastOrDefault();

    public void Dispose() => listener.Dispose();

    private IEnumerable<double> Measurements(string instrument, string? tag, string? value) =>
        measurements.Where(m => m.Instrument == instrument && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value))).Select(m => m.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        measurements.Enqueue((instrument.Name, value, copy));
    }
}
