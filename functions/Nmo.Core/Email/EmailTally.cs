namespace Nmo.Core.Email;

/// <summary>An upload's certificates the mail service took (<see cref="Emailed"/>) and those that did not reach the attendee.</summary>
public sealed record EmailTally(int Emailed, int Failed);
