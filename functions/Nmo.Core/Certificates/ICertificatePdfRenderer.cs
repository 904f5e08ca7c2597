using Nmo.Core.Localization;

namespace Nmo.Core.Certificates;

public interface ICertificatePdfRenderer
{
    /// <summary>
    /// The certificate as an A4 PDF; <paramref name="code"/> is null once the code is revoked (the PDF then says so
    /// instead), and masked for anyone but the holder.
    /// </summary>
    byte[] Render(CertificateView certificate, PrintedCode? code, Language language);
}
