namespace Nmo.Core.Email;

/// <summary>How long a claim protects the e-mails it holds; longer than one send with all its retries.</summary>
public sealed class EmailDeliveryOptions
{
    public const string SectionName = "Email:Delivery";

    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
