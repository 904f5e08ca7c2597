using Microsoft.Extensions.Logging;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Plan;

namespace Nmo.Core.Activations;

/// <summary>
/// Activates a code for a doctor: exactly one doctor can ever own a code (an ETag-conditional write decides a
/// race), the owner activating again is a success that credits nothing new, and every refusal says what to do.
/// </summary>
public sealed class ActivationService(
    ICodeStore codes,
    ICodeHasher hasher,
    IEventStore events,
    ILedgerStore ledger,
    CreditEffects effects,
    ActivationThrottle throttle,
    TimeProvider time,
    ILogger<ActivationService> logger)
{
    public async Task<Result<ActivationResult>> ActivateAsync(ActivationRequest request, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(request.DoctorId))
        {
            return Problem.Of(ProblemType.DoctorInvalid, language);
        }

        var doctorId = request.DoctorId!;
        if (EmailAddress.Check(request.Email) is not null)
        {
            return Problem.Of(ProblemType.EmailInvalid, language);
        }

        if (DoctorName.Check(request.Name, language) is { } badName)
        {
            return badName;
        }

        var wait = await throttle.RetryAfterAsync(doctorId, cancellationToken);
        if (wait is not null)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.Value.TotalMinutes));
            return Problem.Of(ProblemType.CodeThrottled, language, minutes) with { RetryAfter = wait };
        }

        var parsed = ConfirmationCode.Parse(request.Code);
        if (!parsed.IsValid)
        {
            return await FailedAttemptAsync(doctorId, ProblemType.CodeMistyped, language, cancellationToken);
        }

        var hash = hasher.Hash(parsed.Code!);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var code = await codes.FindAsync(hash, cancellationToken);
            switch (code)
            {
                case null:
                    return await FailedAttemptAsync(doctorId, ProblemType.CodeUnknown, language, cancellationToken);
                case { Status: CodeStatus.Revoked }:
                    return await FailedAttemptAsync(doctorId, ProblemType.CodeRevoked, language, cancellationToken);
                case { Status: CodeStatus.Activated } when code.DoctorId != doctorId:
                    logger.LogInformation("Code {Code} refused: activated by another doctor.", ConfirmationCode.Mask(parsed.Code));
                    return await FailedAttemptAsync(doctorId, ProblemType.CodeTaken, language, cancellationToken);
                case { Status: CodeStatus.Activated }:
                    return await CreditAsync(code, parsed.Code!, request, alreadyActivated: true, language, cancellationToken);
                default:
                    var activated = code with { Status = CodeStatus.Activated, DoctorId = doctorId, ActivatedAt = time.GetUtcNow() };
                    if (await codes.TryReplaceAsync(activated, cancellationToken))
                    {
                        await throttle.ResetAsync(doctorId, cancellationToken);
                        return await CreditAsync(activated, parsed.Code!, request, alreadyActivated: false, language, cancellationToken);
                    }

                    // Someone changed the code between our read and write: read again and decide on what is stored.
                    break;
            }
        }

        throw new InvalidOperationException("The code kept changing during activation.");
    }

    /// <summary>Writes the ledger entry and queues its effects; idempotent, so a retried activation completes a half-done one.</summary>
    private async Task<ActivationResult> CreditAsync(CodeRecord code, string plainCode, ActivationRequest request, bool alreadyActivated, Language language, CancellationToken cancellationToken)
    {
        var ev = await events.FindAsync(code.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {code.EventId} of an issued code is missing.");
        var entry = new LedgerEntry(
            code.DoctorId!, LedgerEntry.IdFor(ActivityKinds.Event, ev.EventId), ActivityKinds.Event, ev.EventId, ev.Title, ev.ProviderId,
            ev.ProviderName, ev.EndDate, ev.Credits, code.CodeHash, ConfirmationCode.Mask(plainCode), request.Email!.Trim(), language.Code(),
            code.ActivatedAt ?? time.GetUtcNow(), DoctorName: DoctorName.Normalize(request.Name));
        var (stored, _) = await ledger.AddIfMissingAsync(entry, cancellationToken);
        await effects.EnsureQueuedAsync(stored, cancellationToken);
        logger.LogInformation(
            "Code {Code} activated for doctor {DoctorId} (event {EventId}, already: {Already}).",
            ConfirmationCode.Mask(plainCode), code.DoctorId, ev.EventId, alreadyActivated);
        return new ActivationResult(ev.EventId, ev.Title, ev.Credits, code.ActivatedAt ?? stored.CreditedAt, alreadyActivated);
    }

    /// <summary>Every failed attempt counts towards the throttle, a mistyped code too: codes must not be guessable by trying.</summary>
    private async Task<Problem> FailedAttemptAsync(string doctorId, ProblemType type, Language language, CancellationToken cancellationToken)
    {
        await throttle.RecordFailureAsync(doctorId, cancellationToken);
        return Problem.Of(type, language);
    }
}
