using Microsoft.Extensions.Logging;
using Nmo.Core.Audit;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Plan;
using Nmo.Core.Providers;
using Nmo.Core.Uploads;

namespace Nmo.Core.Codes;

/// <summary>
/// Withdraws an attendee a provider uploaded by mistake. Nothing is deleted or rewritten: the attendee is marked
/// withdrawn (so no re-issue or upload gives it a code again), its code is revoked (activation then answers 410,
/// the certificate page "revoked"), and a credit the code already earned is taken back by a new ledger entry, a
/// reversal naming the original and the reason, whose notice tells the doctor.
/// </summary>
/// <remarks>
/// Every step is safe to repeat, and a repeated request finishes what an earlier one left: the attendee's mark,
/// the code's revocation, the reversal (one per credited entry, by its id) and its effects are each written once.
/// </remarks>
public sealed class WithdrawalService(
    IEventStore events,
    IAttendeeStore attendees,
    ICodeStore codes,
    ILedgerStore ledger,
    CreditEffects effects,
    IAuditLog audit,
    TimeProvider time,
    ILogger<WithdrawalService> logger)
{
    public const int MaxReasonLength = 500;

    private const int MaxAttempts = 10;

    public async Task<Result<WithdrawalResult>> WithdrawAsync(
        ProviderRecord provider, string eventId, WithdrawalRequest request, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(request);
        if (AttendeeRequest.Check(eventId, request.Email, language) is { } invalid)
        {
            return invalid;
        }

        if (TextField.Check(request.Reason, "reason", MaxReasonLength, language) is { } badReason)
        {
            return Problem.Of(ProblemType.WithdrawalInvalid, language, badReason);
        }

        var ev = await events.FindOwnedAsync(provider, eventId, cancellationToken);
        if (ev is null)
        {
            return Problem.Of(ProblemType.EventNotFound, language, eventId);
        }

        // Stored masked: the reason is free text a provider typed, and it is shown to operators and the doctor.
        var attendee = await attendees.MarkWithdrawnAsync(
            eventId, CodeReissueService.AttendeeKeyFor(request.Email!), time.GetUtcNow(), AuditEntries.Mask(request.Reason!.Trim())!, cancellationToken);
        if (attendee is null)
        {
            return Problem.Of(ProblemType.WithdrawalAttendeeNotFound, language, eventId);
        }

        var actor = AuditEntries.Provider(provider.ProviderId);
        var reason = attendee.WithdrawalReason!;
        var code = await RevokeAsync(attendee, actor, reason, cancellationToken);
        var reversed = code?.DoctorId is { } doctorId && await ReverseAsync(doctorId, code, ev, attendee, reason, cancellationToken);
        logger.LogInformation(
            "Attendee {Email} of event {EventId} withdrawn by provider {ProviderId}; credit reversed: {Reversed}.",
            LogMask.Email(attendee.Email), eventId, provider.ProviderId, reversed);
        return new WithdrawalResult(eventId, attendee.Email, attendee.WithdrawnAt!.Value, reason, reversed);
    }

    /// <summary>Revokes the attendee's code, whatever its state; who activated it stays on the record. Null when no code is stored.</summary>
    private async Task<CodeRecord?> RevokeAsync(AttendeeRecord attendee, string actor, string reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await codes.FindAsync(attendee.CodeHash, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var revoked = current with { Status = CodeStatus.Revoked };
            // Conditional on the ETag: an activation landing between read and write is seen on the next read, and its credit reversed.
            if (current.Status == CodeStatus.Revoked || await codes.TryReplaceAsync(revoked, cancellationToken))
            {
                // Written again by a repeated request (the first may have stopped before it): its key keeps it once.
                await audit.RecordAsync(
                    [AuditEntries.Code(AuditActions.CodeWithdrawn, actor, current.Status == CodeStatus.Revoked ? null : current, revoked, attendee.WithdrawnAt!.Value, reason)],
                    cancellationToken);
                return revoked;
            }
        }

        throw new InvalidOperationException($"The code of attendee {attendee.AttendeeKey} kept changing during its withdrawal.");
    }

    /// <summary>
    /// Adds the reversal of the doctor's credit for the event. Written even before the activation has written its
    /// credit (the two racing): the plan counts a reversal only beside its original, so the doctor ends at zero
    /// either way. A credit the doctor holds by another code of the event is not this code's and stays.
    /// </summary>
    private async Task<bool> ReverseAsync(string doctorId, CodeRecord code, EventRecord ev, AttendeeRecord attendee, string reason, CancellationToken cancellationToken)
    {
        var originalId = LedgerEntry.IdFor(ActivityKinds.Event, ev.EventId);
        var original = await ledger.FindAsync(doctorId, originalId, cancellationToken);
        if (original is not null && original.CodeHash != code.CodeHash)
        {
            return false;
        }

        var reversal = new LedgerEntry(
            doctorId, LedgerEntry.ReversalIdFor(originalId), ActivityKinds.Event, ev.EventId, ev.Title, ev.ProviderId, ev.ProviderName,
            original?.Date ?? ev.EndDate, -(original?.Credits ?? ev.Credits), code.CodeHash, original?.MaskedCode,
            original?.Email ?? attendee.Email, original?.Language ?? attendee.Language, attendee.WithdrawnAt!.Value,
            DoctorName: original?.DoctorName, ReversalOf: originalId, Reason: reason);
        var (stored, _) = await ledger.AddIfMissingAsync(reversal, cancellationToken);
        if (stored.EffectsQueuedAt is null)
        {
            await audit.RecordAsync([AuditEntries.Ledger(AuditActions.LedgerReversed, AuditEntries.Provider(ev.ProviderId), stored)], cancellationToken);
        }

        await effects.EnsureQueuedAsync(stored, cancellationToken);
        return true;
    }
}
