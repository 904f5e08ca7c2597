namespace Nmo.Core.Messaging;

/// <summary>A credit notice for one ledger entry (an activation or a module completion).</summary>
public sealed record CreditNoticeMessage(string DoctorId, string EntryId);
