namespace Nmo.Core.Codes;

/// <summary>A provider's request to withdraw an attendee uploaded by mistake, and why (kept in the audit and the ledger).</summary>
public sealed record WithdrawalRequest(string? Email, string? Reason);
