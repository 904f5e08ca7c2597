using System.Security.Cryptography;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Uploads;

/// <summary>Finds an event's attendees by part of the name or e-mail address, for a provider re-issuing a certificate.</summary>
public sealed class AttendeeSearchService(IEventStore events, IAttendeeDirectory directory, ICodeProtector protector)
{
    public const int MaxQueryLength = 200;

    public async Task<Result<Page<AttendeeView>>> FindAsync(
        ProviderRecord provider, string eventId, string? query, string? pageSize, string? continuationToken, Language language,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!Ids.IsValid(eventId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, eventId);
        }

        var q = query?.Trim() ?? "";
        if (q.Length > MaxQueryLength || q.Any(char.IsControl))
        {
            return Problem.Of(ProblemType.QueryInvalid, language, "q", Texts.Get("reason.query-text", language, MaxQueryLength));
        }

        var request = PageRequest.Parse(pageSize, continuationToken, language);
        if (!request.IsOk)
        {
            return request.Problem;
        }

        var ev = await events.FindOwnedAsync(provider, eventId, cancellationToken);
        if (ev is null)
        {
            return Problem.Of(ProblemType.EventNotFound, language, eventId);
        }

        var page = await directory.FindAsync(eventId, a => Matches(a, q), request.Value.Size, request.Value.StorageToken, cancellationToken);
        if (page is null)
        {
            return PageRequest.InvalidToken(language);
        }

        return new Page<AttendeeView>([.. page.Items.Select(View)], PageRequest.Encode(page.ContinuationToken));
    }

    /// <summary>Every word of the query is in the name or the address, in any case and order ("иванов анна").</summary>
    public static bool Matches(AttendeeRecord attendee, string query)
    {
        ArgumentNullException.ThrowIfNull(attendee);
        return (query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word =>
            attendee.FullName.Contains(word, StringComparison.OrdinalIgnoreCase) ||
            attendee.Email.Contains(word, StringComparison.OrdinalIgnoreCase) ||
            attendee.FullName.Replace('ё', 'е').Replace('Ё', 'Е').Contains(word.Replace('ё', 'е').Replace('Ё', 'Е'), StringComparison.OrdinalIgnoreCase));
    }

    private AttendeeView View(AttendeeRecord a) => new(
        a.FullName, a.Email, MaskedCode(a.ProtectedCode), a.UploadId, a.Line, a.IssuedAt, a.CertificateStatus, a.CertificateSentAt,
        a.CertificateError is null ? null : LogMask.CodesIn(a.CertificateError));

    private string MaskedCode(string protectedCode)
    {
        try
        {
            return ConfirmationCode.Mask(protector.Unprotect(protectedCode));
        }
        catch (CryptographicException)
        {
            // Protected with a key this app no longer holds: the provider still finds the attendee, and may re-issue.
            return "";
        }
    }
}
