namespace Nmo.Core.Certificates;

/// <summary>Where certificates can be checked (section <c>Certificates</c>).</summary>
public sealed class CertificateOptions
{
    public const string SectionName = "Certificates";

    /// <summary>
    /// The app's public address (<c>https://host</c>), which verification links and QR codes start with. Bicep
    /// sets it to the app's address; <c>nmo serve</c> to its local one.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Look-ups of unknown certificates one client may make in <see cref="Window"/> before it must wait.</summary>
    public int MaxUnknownLookups { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    public string VerificationUrl(string certificateId) => $"{BaseUrl}/api/certificates/{certificateId}";

    public string PdfUrl(string certificateId) => VerificationUrl(certificateId) + "/pdf";

    /// <summary>The PDF with the code unmasked: only the certificate e-mail carries this link.</summary>
    public string HolderPdfUrl(string certificateId, string holderKey) => PdfUrl(certificateId) + "?key=" + Uri.EscapeDataString(holderKey);

    public string BaseUrl => (PublicBaseUrl ?? throw new InvalidOperationException($"'{SectionName}:{nameof(PublicBaseUrl)}' is not set.")).TrimEnd('/');

    /// <summary>Whether <paramref name="value"/> is an absolute http(s) address: links that point nowhere must stop the app at start.</summary>
    public static bool IsValidBaseUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
}
