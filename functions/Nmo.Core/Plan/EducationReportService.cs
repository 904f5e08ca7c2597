using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Uploads;

namespace Nmo.Core.Plan;

/// <summary>
/// GET /api/doctors/{doctorId}/credits.pdf: the education-plan report of GET .../credits, computed by the same
/// <see cref="EducationPlanService.Build"/>, drawn as the document the FAQ asks doctors to hand in at the end of
/// training. A doctor with no credits gets the empty report, as the JSON route answers.
/// </summary>
public sealed class EducationReportService(
    EducationPlanService plan,
    ILedgerStore ledger,
    ICodeStore codes,
    IAttendeeStore attendees,
    CertificateOptions certificates,
    IEducationReportPdfRenderer pdf,
    TimeProvider time)
{
    // Russia has kept Moscow time at a fixed UTC+3 since 2014; the report is dated as the doctor's day.
    private static readonly TimeSpan MoscowOffset = TimeSpan.FromHours(3);

    public async Task<Result<byte[]>> PdfAsync(string doctorId, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(doctorId))
        {
            return Problem.Of(ProblemType.DoctorInvalid, language);
        }

        var entries = await ledger.ListAsync(doctorId, cancellationToken);
        var report = plan.Build(doctorId, entries);
        // A doctor has one entry per kind and activity (its id is kind|activityId), so this finds each view's own.
        var stored = entries.ToDictionary(e => LedgerEntry.IdFor(e.Kind, e.ActivityId), StringComparer.Ordinal);
        var lines = new List<CertifiedEntry>(report.Entries.Count);
        foreach (var entry in report.Entries)
        {
            lines.Add(new CertifiedEntry(entry, await VerificationUrlAsync(stored[LedgerEntry.IdFor(entry.Kind, entry.Id)], cancellationToken)));
        }

        var name = entries.OrderByDescending(e => e.CreditedAt).Select(e => e.DoctorName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(MoscowOffset).DateTime);
        return pdf.Render(new EducationActivityReport(report, name, today, lines), language);
    }

    /// <summary>
    /// The certificate the credited code was issued on: the code names its attendee, whose certificate id belongs to
    /// that code only while the attendee still holds it (an activated code is never re-issued).
    /// </summary>
    private async Task<string?> VerificationUrlAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (entry.CodeHash is null || await codes.FindAsync(entry.CodeHash, cancellationToken) is not { } code)
        {
            return null;
        }

        var attendee = (await attendees.GetManyAsync(code.EventId, [code.AttendeeKey], cancellationToken)).FirstOrDefault();
        return attendee is { CertificateId: { } id } && attendee.CodeHash == entry.CodeHash ? certificates.VerificationUrl(id) : null;
    }
}
