using Microsoft.Extensions.Logging;
using Nmo.Core.Audit;
using Nmo.Core.Certificates;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;

namespace Nmo.Core.Codes;

/// <summary>
/// Replaces an attendee's code with a new one and e-mails a new certificate: the old code is revoked first, so at
/// no moment are two codes of one attendee valid. A code already activated is refused: the credit is given, and a
/// second code could only credit it again.
/// </summary>
/// <remarks>
/// Every step is safe to repeat. A request that stopped half-way (old code revoked, attendee not yet updated) is
/// completed by the next request: a revoked current code is simply not revoked again. The worst leftover is a
/// stored code that was never sent to anyone, which nobody can know.
/// </remarks>
public sealed class CodeReissueService(
    Events.IEventStore events,
    IAttendeeStore attendees,
    ICodeStore codes,
    ICertificateStore certificates,
    ICodeHasher hasher,
    ICodeProtector protector,
    IMessageQueue queue,
    IAuditLog audit,
    TimeProvider time,
    ILogger<CodeReissueService> logger)
{
    // Certificate messages of re-issues carry this id prefix instead of an upload id, so that the mailer finds no
    // upload to count them in: an upload's "emailed" stays the count of its own certificates.
    private const string MessagePrefix = "reissue";

    private const int MaxAttempts = 10;

    public async Task<Result<ReissueResult>> ReissueAsync(
        ProviderRecord provider, string eventId, ReissueRequest request, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(request);
        if (AttendeeRequest.Check(eventId, request.Email, language) is { } invalid)
        {
            return invalid;
        }

        var ev = await events.FindOwnedAsync(provider, eventId, cancellationToken);
        if (ev is null)
        {
            return Problem.Of(ProblemType.EventNotFound, language, eventId);
        }

        var attendeeKey = AttendeeKeyFor(request.Email!);
        var attendee = (await attendees.GetManyAsync(eventId, [attendeeKey], cancellationToken)).FirstOrDefault();
        if (attendee is null)
        {
            return Problem.Of(ProblemType.ReissueAttendeeNotFound, language, eventId);
        }

        // Withdrawn by the provider: a new code would undo the withdrawal. (One landing after this read is caught
        // by the conditional replacement below, which a withdrawn attendee refuses.)
        if (attendee.WithdrawnAt is not null)
        {
            return Problem.Of(ProblemType.AttendeeWithdrawn, language);
        }

        var actor = AuditEntries.Provider(provider.ProviderId);
        var refusal = await RevokeCurrentAsync(attendee, actor, language, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = time.GetUtcNow();
        var (protectedCode, codeHash) = await StoreNewCodeAsync(attendee, now, cancellationToken);

        // A new certificate, under a new id: the old one's page then says it was revoked and names this one. Saved
        // before the code is given, so the e-mail's link answers; a lost race leaves it showing revoked.
        var certificateId = CertificateIds.New();
        await certificates.SaveAsync([new CertificateRecord(certificateId, eventId, attendeeKey, codeHash, attendee.FullName, now)], cancellationToken);
        if (!await attendees.TryReplaceCodeAsync(eventId, attendeeKey, attendee.CodeHash, protectedCode, codeHash, cancellationToken))
        {
            // A concurrent re-issue gave the attendee its code first and mails it: ours is revoked unsent, so the
            // attendee holds exactly one live code.
            await RevokeAsync(codeHash, actor, cancellationToken);
            logger.LogInformation(
                "Re-issue for {Email} of event {EventId} lost to a concurrent one; its code was revoked unsent.", LogMask.Email(attendee.Email), eventId);
            return new ReissueResult(eventId, attendee.Email, CertificateStatus.Queued, now);
        }

        await audit.RecordAsync([AuditEntries.Reissue(actor, eventId, attendee.CodeHash, codeHash, now)], cancellationToken);
        await attendees.SetCertificateIdAsync(eventId, attendeeKey, certificateId, cancellationToken);

        // The certificate mailer sends only attendees whose certificate is queued.
        await attendees.UpdateCertificatesAsync(eventId, [new CertificateUpdate(attendeeKey, CertificateStatus.Queued, null, null)], cancellationToken);
        await queue.SendAsync(
            StorageNames.Queues.Certificates,
            new CertificateEmailMessage(Ids.New(MessagePrefix), eventId, [attendeeKey]),
            cancellationToken);

        logger.LogInformation(
            "Code of {Email} for event {EventId} re-issued by provider {ProviderId}; new certificate queued.",
            LogMask.Email(attendee.Email), eventId, provider.ProviderId);
        return new ReissueResult(eventId, attendee.Email, CertificateStatus.Queued, now);
    }

    /// <summary>The attendee key of an e-mail address, as the upload stores it.</summary>
    public static string AttendeeKeyFor(string email) => Ids.Digest(email.Trim().ToLowerInvariant());

    /// <summary>Revokes the attendee's current code unless it is activated (refused) or revoked already.</summary>
    private async Task<Problem?> RevokeCurrentAsync(AttendeeRecord attendee, string actor, Language language, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await codes.FindAsync(attendee.CodeHash, cancellationToken);
            switch (current)
            {
                case null:
                case { Status: CodeStatus.Revoked }:
                    // Nothing valid to revoke: a half-done earlier request, or a code never stored.
                    return null;
                case { Status: CodeStatus.Activated }:
                    return Problem.Of(ProblemType.ReissueAlreadyActivated, language);
                default:
                    // Conditional on the ETag: an activation landing between read and write wins, and is seen on the next read.
                    var revoked = current with { Status = CodeStatus.Revoked };
                    if (await codes.TryReplaceAsync(revoked, cancellationToken))
                    {
                        await audit.RecordAsync([AuditEntries.Code(AuditActions.CodeRevoked, actor, current, revoked, time.GetUtcNow(), "re-issue")], cancellationToken);
                        return null;
                    }

                    break;
            }
        }

        throw new InvalidOperationException($"The code of attendee {attendee.AttendeeKey} kept changing during re-issue.");
    }

    private async Task RevokeAsync(string codeHash, string actor, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await codes.FindAsync(codeHash, cancellationToken) is not { Status: CodeStatus.Issued } code)
            {
                return;
            }

            var revoked = code with { Status = CodeStatus.Revoked };
            if (await codes.TryReplaceAsync(revoked, cancellationToken))
            {
                await audit.RecordAsync([AuditEntries.Code(AuditActions.CodeRevoked, actor, code, revoked, time.GetUtcNow(), "lost to a concurrent re-issue; never sent")], cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException("A code no one was sent kept changing while it was revoked.");
    }

    private async Task<(string ProtectedCode, string CodeHash)> StoreNewCodeAsync(AttendeeRecord attendee, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var code = ConfirmationCode.Generate();
            var hash = hasher.Hash(code);
            var record = new CodeRecord(hash, attendee.EventId, attendee.AttendeeKey, CodeStatus.Issued, null, now, null);
            var collisions = await codes.AddMissingAsync([record], cancellationToken);
            if (collisions.Count == 0)
            {
                return (protector.Protect(code), hash);
            }

            logger.LogWarning("Code collision while re-issuing for event {EventId}: drawing another code.", attendee.EventId);
        }

        throw new InvalidOperationException($"Could not store a unique code after {MaxAttempts} attempts.");
    }
}
