using Nmo.Core.Email;
using Nmo.Core.Uploads;

namespace Nmo.Core.Certificates;

/// <summary>The certificate ids and links the certificate e-mails carry.</summary>
public sealed class CertificateIssuer(ICertificateStore certificates, IAttendeeStore attendees, ICertificateHolderKeys holderKeys, CertificateOptions options)
{
    public string VerificationUrl(string certificateId) => options.VerificationUrl(certificateId);

    /// <summary>The holder's own PDF link, with the code in it: for the certificate e-mail only.</summary>
    public string HolderPdfUrl(string certificateId) => options.HolderPdfUrl(certificateId, holderKeys.For(certificateId));

    /// <summary>
    /// Attendees issued a code before certificates had ids get one now, before their e-mail goes out, so that
    /// every certificate sent carries a link that answers. The id is stored on the attendee, so a retried send
    /// finds it and reuses it.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedCertificate>> EnsureIdsAsync(IReadOnlyList<ClaimedCertificate> claimed, CancellationToken cancellationToken)
    {
        var missing = claimed.Where(c => c.Attendee.CertificateId is null).ToList();
        if (missing.Count == 0)
        {
            return claimed;
        }

        var assigned = missing.ToDictionary(c => c.Attendee.AttendeeKey, _ => CertificateIds.New(), StringComparer.Ordinal);
        await certificates.SaveAsync(
            [.. missing.Select(c => new CertificateRecord(
                assigned[c.Attendee.AttendeeKey], c.Attendee.EventId, c.Attendee.AttendeeKey, c.Attendee.CodeHash, c.Attendee.FullName, c.Attendee.IssuedAt))],
            cancellationToken);
        foreach (var c in missing)
        {
            await attendees.SetCertificateIdAsync(c.Attendee.EventId, c.Attendee.AttendeeKey, assigned[c.Attendee.AttendeeKey], cancellationToken);
        }

        return [.. claimed.Select(c => assigned.TryGetValue(c.Attendee.AttendeeKey, out var id) ? c with { Attendee = c.Attendee with { CertificateId = id } } : c)];
    }
}
