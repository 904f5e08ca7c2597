namespace Nmo.Core.Email;

/// <summary>How long a claim protects the e-mails it holds; longer than one send with all its retries.</summary>
public sealed class EmailDeliveryOptions
{
    public const string SectionName = "Email:Delivery";

    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// When e-mails held by another delivery are looked at again: once that claim is surely stale, a second later
    /// than its timeout for the clocks of two instances.
    /// </summary>
    public TimeSpan StaleClaimRecheck => ClaimTimeout + TimeSpan.FromSeconds(1);
}
