using Nmo.Core.Events;

namespace Nmo.Core.Certificates;

/// <summary>
/// A certificate found by its id: the public <see cref="View"/>, and what only its own documents print (the
/// PDF carries the code, as the e-mail does). <see cref="ProtectedCode"/> is null once the code is revoked.
/// </summary>
public sealed record CertificateDocument(CertificateView View, CertificateRecord Certificate, EventRecord Event, string? ProtectedCode);
