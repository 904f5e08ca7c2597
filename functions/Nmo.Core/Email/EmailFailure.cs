namespace Nmo.Core.Email;

public sealed record EmailFailure(string Key, string Reason, bool Permanent);
