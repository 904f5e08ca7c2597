namespace Nmo.Core.Audit;

/// <summary>The kinds of change the audit records.</summary>
public static class AuditActions
{
    public const string CodeIssued = "code.issued";
    public const string CodeReissued = "code.reissued";
    public const string CodeRevoked = "code.revoked";
    public const string CodeActivated = "code.activated";
    public const string CodeReturned = "code.returned";
    public const string CodeWithdrawn = "code.withdrawn";
    public const string EventCreated = "event.created";
    public const string EventUpdated = "event.updated";
    public const string EventLocked = "event.locked";
    public const string LedgerCredited = "ledger.credited";
    public const string LedgerReversed = "ledger.reversed";
    public const string ModuleCompleted = "module.completed";
}
