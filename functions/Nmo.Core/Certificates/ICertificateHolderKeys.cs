namespace Nmo.Core.Certificates;

/// <summary>
/// The holder's key to a certificate's full PDF. The certificate id is public (on the page, in the QR code, shown to
/// employers), so the PDF anyone can fetch by it prints the code masked: a code not yet activated would otherwise
/// be credited to whoever typed it first. Only the certificate e-mail carries the key, so only its recipient gets
/// the code in the PDF.
/// </summary>
public interface ICertificateHolderKeys
{
    /// <summary>The key for <paramref name="certificateId"/>: the same every time, unguessable without the server's secret.</summary>
    string For(string certificateId);

    /// <summary>Whether <paramref name="key"/> is the key of <paramref name="certificateId"/>, compared in constant time.</summary>
    bool Matches(string certificateId, string? key);
}
