namespace Nmo.Core.Certificates;

/// <summary>Where the same certificate is: this page, its PDF, its signed credential.</summary>
public sealed record CertificateLinks(string Verification, string Pdf, string Credential);
