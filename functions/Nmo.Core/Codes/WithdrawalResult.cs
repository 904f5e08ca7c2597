namespace Nmo.Core.Codes;

/// <summary>
/// What the provider learns: the attendee is withdrawn (since the first request, with its reason), and whether a
/// credit the doctor had been given for the code was reversed. A repeated request answers the same.
/// </summary>
public sealed record WithdrawalResult(string EventId, string Email, DateTimeOffset WithdrawnAt, string Reason, bool CreditReversed);
