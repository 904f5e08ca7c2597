using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.Core.Email;
using Nmo.Core.Localization;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// <c>nmo codes show CODE</c>: a support request about one code. The code is read as an activation reads it; the
/// answer is masked as logs are (the code's first group hidden, e-mail addresses masked, no СНИЛС).
/// </summary>
public static class CodesCommand
{
    public static async Task<int> ShowAsync(string input, CancellationToken cancellationToken)
    {
        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        await environment.PrepareStorageAsync(cancellationToken);
        var found = await environment.Services.GetRequiredService<CodeInquiryService>().FindAsync(input, Language.En, cancellationToken);
        if (!found.IsOk)
        {
            Console.Error.WriteLine($"{ConfirmationCode.Mask(input)}: {found.Problem.Detail}");
            return 1;
        }

        Console.Write(Render(found.Value));
        return 0;
    }

    public static string Render(CodeInquiry inquiry)
    {
        ArgumentNullException.ThrowIfNull(inquiry);
        var code = inquiry.Code;
        var text = new System.Text.StringBuilder();
        Line(text, $"Code:       {inquiry.MaskedCode}");
        if (inquiry.Event is { } ev)
        {
            Line(text, $"Event:      {ev.EventId} \"{ev.Title}\" ({ev.Kind}), {ev.StartDate:yyyy-MM-dd} – {ev.EndDate:yyyy-MM-dd}, {ev.Place}");
            Line(text, $"Provider:   {ev.ProviderName} ({ev.ProviderId}), {ev.Credits} credits");
        }
        else
        {
            Line(text, $"Event:      {code.EventId} (not found)");
        }

        Line(text, $"State:      {code.Status}");
        Line(text, $"Issued:     {code.IssuedAt:yyyy-MM-dd HH:mm:ss}Z");
        if (code.ActivatedAt is { } activatedAt)
        {
            Line(text, $"Activated:  {activatedAt:yyyy-MM-dd HH:mm:ss}Z by doctor {code.DoctorId}");
        }

        if (code.Status == CodeStatus.Revoked)
        {
            var revoked = inquiry.Trail.LastOrDefault(r => r.Action is AuditActions.CodeRevoked or AuditActions.CodeWithdrawn);
            Line(text, revoked is null ? (FormattableString)$"Revoked:    (time not recorded)" : $"Revoked:    {revoked.At:yyyy-MM-dd HH:mm:ss}Z ({revoked.Action})");
        }

        if (inquiry.Attendee is { } attendee)
        {
            Line(text, $"Owner:      {LogMask.Email(attendee.Email)} (list line {attendee.Line}, upload {attendee.UploadId}), certificate {attendee.CertificateStatus}");
            if (attendee.WithdrawnAt is { } withdrawnAt)
            {
                Line(text, $"Withdrawn:  {withdrawnAt:yyyy-MM-dd HH:mm:ss}Z: {AuditEntries.Mask(attendee.WithdrawalReason)}");
            }

            if (attendee.CodeHash != code.CodeHash)
            {
                Line(text, $"Replaced:   the attendee holds a newer code (re-issued)");
            }
        }

        Line(text, $"Audit trail ({inquiry.Trail.Count}):");
        foreach (var record in inquiry.Trail)
        {
            Line(text, $"  {AuditCommand.Format(record)}");
        }

        return text.ToString();
    }

    private static void Line(System.Text.StringBuilder text, FormattableString line) =>
        text.Append(AuditEntries.Mask(line.ToString(CultureInfo.InvariantCulture))).Append('\n');
}
