namespace Nmo.Core.Certificates;

/// <summary>The event a certificate is for, as printed on it.</summary>
public sealed record CertificateEventView(
    string EventId,
    string Title,
    string Kind,
    DateOnly StartDate,
    DateOnly EndDate,
    string Place,
    string Provider,
    decimal Credits);
