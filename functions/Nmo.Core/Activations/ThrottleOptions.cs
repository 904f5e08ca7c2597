namespace Nmo.Core.Activations;

public sealed class ThrottleOptions
{
    /// <summary>Failed attempts in a row that go unthrottled.</summary>
    public int MaxFailures { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
