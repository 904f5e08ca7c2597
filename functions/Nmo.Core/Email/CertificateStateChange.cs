using Nmo.Core.Uploads;

namespace Nmo.Core.Email;

/// <summary>A certificate's e-mail state as a delivery report changed it: the attendee after the change, and the state before.</summary>
public sealed record CertificateStateChange(AttendeeRecord Attendee, string PreviousStatus);
