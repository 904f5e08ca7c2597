namespace Nmo.Core.Email;

/// <summary>What a certificate (Свидетельство НМО) says about the event; the attendee's name and code come per recipient.</summary>
public sealed record CertificateModel(
    string EventTitle,
    DateOnly StartDate,
    DateOnly EndDate,
    string Place,
    string ProviderName,
    decimal Credits,
    string PortalUrl);
