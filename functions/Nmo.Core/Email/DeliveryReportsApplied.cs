namespace Nmo.Core.Email;

/// <summary>What one call of delivery reports did.</summary>
/// <param name="Applied">Reports that changed the recorded state of an e-mail.</param>
/// <param name="Ignored">Reports of other kinds, for unknown e-mails, or repeats.</param>
public sealed record DeliveryReportsApplied(int Applied, int Ignored);
