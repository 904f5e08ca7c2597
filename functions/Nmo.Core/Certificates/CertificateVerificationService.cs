using Nmo.Core.Activations;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Uploads;

namespace Nmo.Core.Certificates;

/// <summary>
/// Answers "is this certificate genuine, and is it still good?" for anyone holding its id. The state comes from
/// the code's stored status, so whatever revokes a code (a re-issue, a withdrawal) shows here at once. Look-ups
/// of ids that do not exist are counted per client: a client that keeps guessing must wait.
/// </summary>
public sealed class CertificateVerificationService(
    ICertificateStore certificates,
    ICodeStore codes,
    IEventStore events,
    IAttendeeStore attendees,
    IThrottleStore throttleStore,
    ICodeProtector protector,
    ICertificateHolderKeys holderKeys,
    ICertificatePdfRenderer pdf,
    CertificateOptions options,
    TimeProvider time)
{
    // Russia has kept Moscow time at a fixed UTC+3 since 2014; dates are shown as the certificate shows them.
    private static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);

    private readonly ActivationThrottle throttle = new(
        throttleStore, new ThrottleOptions { MaxFailures = options.MaxUnknownLookups, Window = options.Window }, time);

    /// <param name="client">Who asks (the caller's address); only a digest of it is stored.</param>
    public async Task<Result<CertificateDocument>> FindAsync(string? certificateId, string client, Language language, CancellationToken cancellationToken)
    {
        // '~' is not allowed in doctor ids, so these counts never mix with a doctor's failed activations.
        var key = "~certificate-lookups-" + Ids.Digest(client);
        // Counted as an unknown lookup before it is made (the throttle's one safe order); a found one is taken back.
        var admission = await throttle.AdmitAsync(key, cancellationToken);
        if (admission.RetryAfter is { } wait)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            return Problem.Of(ProblemType.CertificateThrottled, language, minutes) with { RetryAfter = wait };
        }

        var found = CertificateIds.IsWellFormed(certificateId) ? await LoadAsync(certificateId!, cancellationToken) : null;
        if (found is null)
        {
            return Problem.Of(ProblemType.CertificateNotFound, language);
        }

        await throttle.ReleaseAsync(key, admission, cancellationToken);
        return found;
    }

    /// <summary>
    /// The certificate as a PDF, drawn now from what is stored: a revoked one says so and carries no code. The code
    /// is printed in full only with the holder's key (<paramref name="holderKey"/>, from the certificate e-mail):
    /// the id alone is public, and a code not yet activated is worth credits to whoever types it first.
    /// </summary>
    public async Task<Result<byte[]>> PdfAsync(string? certificateId, string? holderKey, string client, Language language, CancellationToken cancellationToken)
    {
        var found = await FindAsync(certificateId, client, language, cancellationToken);
        if (!found.IsOk)
        {
            return found.Problem;
        }

        var document = found.Value;
        var code = document.ProtectedCode is { } protectedCode ? protector.Unprotect(protectedCode) : null;
        PrintedCode? printed = code is null ? null
            : holderKeys.Matches(document.View.CertificateId, holderKey) ? new PrintedCode(code, Masked: false)
            : new PrintedCode(ConfirmationCode.Mask(code), Masked: true);
        return pdf.Render(document.View, printed, language);
    }

    private async Task<CertificateDocument?> LoadAsync(string certificateId, CancellationToken cancellationToken)
    {
        var certificate = await certificates.FindAsync(certificateId, cancellationToken);
        if (certificate is null)
        {
            return null;
        }

        var ev = await events.FindAsync(certificate.EventId, cancellationToken);
        if (ev is null)
        {
            return null;
        }

        var code = await codes.FindAsync(certificate.CodeHash, cancellationToken);
        var attendee = (await attendees.GetManyAsync(certificate.EventId, [certificate.AttendeeKey], cancellationToken)).FirstOrDefault();

        // A code that is not stored was never valid (a re-issue that stopped half-way): the certificate is no good.
        var state = code?.Status switch
        {
            CodeStatus.Activated => CertificateState.Activated,
            CodeStatus.Issued => CertificateState.Issued,
            _ => CertificateState.Revoked,
        };
        var replacedBy = state == CertificateState.Revoked && attendee?.CertificateId is { } current && current != certificateId ? current : null;
        var view = new CertificateView(
            certificateId,
            Genuine: true,
            state,
            state == CertificateState.Activated && code?.ActivatedAt is { } at ? DateOnly.FromDateTime(at.ToOffset(MoscowOffset).DateTime) : null,
            replacedBy,
            replacedBy is null ? null : options.VerificationUrl(replacedBy),
            certificate.HolderName,
            DateOnly.FromDateTime(certificate.IssuedAt.ToOffset(MoscowOffset).DateTime),
            new CertificateEventView(ev.EventId, ev.Title, ev.Kind, ev.StartDate, ev.EndDate, ev.Place, ev.ProviderName, ev.Credits),
            new CertificateLinks(options.VerificationUrl(certificateId), options.PdfUrl(certificateId)));
        // Only the attendee's current code is kept (encrypted), and only while it is good is it printed.
        var printable = state != CertificateState.Revoked && attendee?.CodeHash == certificate.CodeHash ? attendee.ProtectedCode : null;
        return new CertificateDocument(view, certificate, ev, printable);
    }
}
