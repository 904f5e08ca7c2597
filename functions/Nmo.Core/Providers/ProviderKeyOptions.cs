namespace Nmo.Core.Providers;

/// <summary>Section <c>Providers</c>: how long the keys before a rotation keep working.</summary>
public sealed class ProviderKeyOptions
{
    public const string SectionName = "Providers";

    /// <summary>Long enough for a provider to deploy the new key without an outage.</summary>
    public TimeSpan KeyGracePeriod { get; set; } = TimeSpan.FromDays(7);
}
