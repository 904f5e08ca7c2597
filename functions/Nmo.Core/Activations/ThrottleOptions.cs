namespace Nmo.Core.Activations;

/// <summary>How many failed activations a doctor may make, and in what time (section <c>Activation:Throttle</c>).</summary>
public sealed class ThrottleOptions
{
    public const string SectionName = "Activation:Throttle";

    /// <summary>Failed attempts in a row that go unthrottled.</summary>
    public int MaxFailures { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
