namespace Nmo.Core.Certificates;

public interface ICertificateStore
{
    /// <summary>Stores the certificates, replacing one of the same id: a repeated issuance writes the same record again.</summary>
    Task SaveAsync(IReadOnlyList<CertificateRecord> certificates, CancellationToken cancellationToken);

    Task<CertificateRecord?> FindAsync(string certificateId, CancellationToken cancellationToken);
}
