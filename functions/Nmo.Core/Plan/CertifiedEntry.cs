namespace Nmo.Core.Plan;

/// <summary>One credited activity of the report, with the page its certificate is checked on (none for a module, which has no certificate).</summary>
public sealed record CertifiedEntry(PlanEntryView Entry, string? VerificationUrl);
