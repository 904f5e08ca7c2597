namespace Nmo.Core.Certificates;

/// <summary>Where the same certificate is: this page and its PDF.</summary>
public sealed record CertificateLinks(string Verification, string Pdf);
