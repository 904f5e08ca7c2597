using Nmo.Core.Certificates;

namespace Nmo.Core.Tests.Common.Fakes;

public sealed class InMemoryCertificateStore : ICertificateStore
{
    private readonly Dictionary<string, CertificateRecord> stored = [];

    public IReadOnlyList<CertificateRecord> Saved => [.. stored.Values];

    public Task SaveAsync(IReadOnlyList<CertificateRecord> certificates, CancellationToken cancellationToken)
    {
        foreach (var certificate in certificates)
        {
            stored[certificate.CertificateId] = certificate;
        }

        return Task.CompletedTask;
    }

    public Task<CertificateRecord?> FindAsync(string certificateId, CancellationToken cancellationToken) =>
        Task.FromResult(stored.GetValueOrDefault(certificateId));
}
