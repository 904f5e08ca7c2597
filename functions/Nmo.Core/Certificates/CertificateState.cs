namespace Nmo.Core.Certificates;

/// <summary>What a certificate's verification page says of it, read from its code's stored status.</summary>
public static class CertificateState
{
    public const string Issued = "issued";
    public const string Activated = "activated";
    public const string Revoked = "revoked";
}
