using Microsoft.Extensions.Logging;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Plan;
using Nmo.Core.Telemetry;

namespace Nmo.Core.Activations;

/// <summary>
/// Activates a code for a doctor: exactly one doctor can ever own a code (an ETag-conditional write decides a
/// race), the owner activating again is a success that credits nothing new, and every refusal says what to do.
/// The code's activation and its credit are audited with the credit's effects: until those are recorded as queued,
/// a retry writes the same audit records again (kept once by their keys).
/// </summary>
public sealed class ActivationService(
    ICodeStore codes,
    ICodeHasher hasher,
    IEventStore events,
    ILedgerStore ledger,
    CreditEffects effects,
    IAuditLog audit,
    ActivationThrottle throttle,
    TimeProvider time,
    ILogger<ActivationService> logger)
{
    /// <summary>
    /// Counted by the status the portal is answered (the one place <see cref="NmoMetrics.Activations"/> is recorded):
    /// 200, or the refusal's problem status, or 5xx when it throws, which the host answers 500 (503 while storage is down).
    /// </summary>
    public async Task<Result<ActivationResult>> ActivateAsync(ActivationRequest request, Language language, CancellationToken cancellationToken)
    {
        string? status = NmoMetrics.ServerErrorStatus;
        try
        {
            var result = await ActivateCodeAsync(request, language, cancellationToken);
            status = result.IsOk ? "200" : result.Problem.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The portal hung up and is answered nothing: not an error of ours.
            status = null;
            throw;
        }
        finally
        {
            if (status is not null)
            {
                NmoMetrics.Activations.Add(1, new KeyValuePair<string, object?>(NmoMetrics.ActivationStatusTag, status));
            }
        }
    }

    private async Task<Result<ActivationResult>> ActivateCodeAsync(ActivationRequest request, Language language, CancellationToken cancellationToken)
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

        // Counted as a failure from here on; only a success takes it back. The code (and what deciding on it needs)
        // is read while the attempt is counted: nothing is written or answered before the admission, so reading
        // early tells a throttled doctor nothing, and the success path waits for one round trip fewer.
        var parsed = ConfirmationCode.Parse(request.Code);
        var hash = parsed.IsValid ? hasher.Hash(parsed.Code!) : null;
        var admitting = throttle.AdmitAsync(doctorId, cancellationToken);
        var reading = hash is null ? null : LookUpAsync(hash, doctorId, cancellationToken);
        ThrottleAdmission admission;
        try
        {
            admission = await admitting;
        }
        catch
        {
            Observe(reading);
            throw;
        }

        if (admission.RetryAfter is { } wait)
        {
            Observe(reading);
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            return Problem.Of(ProblemType.CodeThrottled, language, minutes) with { RetryAfter = wait };
        }

        if (reading is null)
        {
            return Problem.Of(ProblemType.CodeMistyped, language);
        }

        Lookup? lookup = await reading;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            lookup ??= await LookUpAsync(hash!, doctorId, cancellationToken);
            var code = lookup.Code;
            switch (code)
            {
                case null:
                    return Problem.Of(ProblemType.CodeUnknown, language);
                case { Status: CodeStatus.Revoked }:
                    return Problem.Of(ProblemType.CodeRevoked, language);
                case { Status: CodeStatus.Activated } when code.DoctorId != doctorId:
                    logger.LogInformation("Code {Code} refused: activated by another doctor.", ConfirmationCode.Mask(parsed.Code));
                    return Problem.Of(ProblemType.CodeTaken, language);
                case { Status: CodeStatus.Activated }:
                    await throttle.ReleaseAsync(doctorId, admission, cancellationToken);
                    return await CreditAsync(code, await lookup.Event, parsed.Code!, request, alreadyActivated: true, language, reset: null, cancellationToken);
                default:
                    // Checked before the code is written: a doctor credited for the event by another code would
                    // only take this one from its owner, for no credit.
                    if (await lookup.Credited is { } entry && entry.CodeHash != code.CodeHash)
                    {
                        logger.LogInformation("Code {Code} refused: the doctor is credited for its event by another code.", ConfirmationCode.Mask(parsed.Code));
                        return Problem.Of(ProblemType.CodeAlreadyCredited, language);
                    }

                    // Also before the write: a code whose event is gone would be owned by the doctor with no credit.
                    var ev = await lookup.Event ?? throw new InvalidOperationException($"Event {code.EventId} of an issued code is missing.");
                    var activated = code with { Status = CodeStatus.Activated, DoctorId = doctorId, ActivatedAt = time.GetUtcNow() };
                    if (await codes.TryReplaceAsync(activated, cancellationToken))
                    {
                        return await CreditAsync(activated, ev, parsed.Code!, request, alreadyActivated: false, language, reset: admission, cancellationToken);
                    }

                    // Someone changed the code between our read and write: read again and decide on what is stored.
                    lookup = null;
                    break;
            }
        }

        throw new InvalidOperationException("The code kept changing during activation.");
    }

    /// <summary>
    /// The code, and in parallel what deciding on it reads next: the doctor's entry for its event and the event.
    /// Each is awaited only where it is used, so a refusal never waits for (or fails on) what it does not need.
    /// </summary>
    private async Task<Lookup> LookUpAsync(string hash, string doctorId, CancellationToken cancellationToken)
    {
        var code = await codes.FindAsync(hash, cancellationToken);
        if (code is null || code.Status == CodeStatus.Revoked || (code.Status == CodeStatus.Activated && code.DoctorId != doctorId))
        {
            return new Lookup(code, Task.FromResult<EventRecord?>(null), Task.FromResult<LedgerEntry?>(null));
        }

        var ev = events.FindAsync(code.EventId, cancellationToken);
        var credited = code.Status == CodeStatus.Activated
            ? Task.FromResult<LedgerEntry?>(null)
            : ledger.FindAsync(doctorId, LedgerEntry.IdFor(ActivityKinds.Event, code.EventId), cancellationToken);
        await Task.WhenAll(Quietly(ev), Quietly(credited));
        return new Lookup(code, ev, credited);
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch
        {
            // Surfaced where the result is used.
        }
    }

    private static void Observe(Task? task) => _ = task?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private sealed record Lookup(CodeRecord? Code, Task<EventRecord?> Event, Task<LedgerEntry?> Credited);

    /// <summary>
    /// Writes the ledger entry and queues its effects; idempotent, so a retried activation completes a half-done one.
    /// When the doctor's entry for the event holds another code (two codes of one event activated at once), this
    /// code is given back to its attendee and the activation refused.
    /// </summary>
    /// <param name="reset">For a new activation, its admission: its success clears the doctor's count, alongside the effects.</param>
    private async Task<Result<ActivationResult>> CreditAsync(
        CodeRecord code, EventRecord? found, string plainCode, ActivationRequest request, bool alreadyActivated, Language language, ThrottleAdmission? reset, CancellationToken cancellationToken)
    {
        var ev = found ?? throw new InvalidOperationException($"Event {code.EventId} of an issued code is missing.");
        var entry = new LedgerEntry(
            code.DoctorId!, LedgerEntry.IdFor(ActivityKinds.Event, ev.EventId), ActivityKinds.Event, ev.EventId, ev.Title, ev.ProviderId,
            ev.ProviderName, ev.EndDate, ev.Credits, code.CodeHash, ConfirmationCode.Mask(plainCode), request.Email!.Trim(), language.Code(),
            code.ActivatedAt ?? time.GetUtcNow(), DoctorName: DoctorName.Normalize(request.Name));
        var (stored, _) = await ledger.AddIfMissingAsync(entry, cancellationToken);
        if (stored.CodeHash != code.CodeHash)
        {
            await ReturnToAttendeeAsync(code, cancellationToken);
            logger.LogInformation("Code {Code} given back: the doctor is credited for its event by another code.", ConfirmationCode.Mask(plainCode));
            return Problem.Of(ProblemType.CodeAlreadyCredited, language);
        }

        // From here the credit is this code's: the audit, the effects and the throttle reset are independent writes,
        // so they run together. The effects are recorded as queued only after the audit is stored (a retry before
        // that writes both again), and a reset lost to a failure leaves the doctor counted higher: the safe side.
        var resetting = reset is not null ? throttle.ResetAsync(code.DoctorId!, reset, cancellationToken) : Task.CompletedTask;
        var auditing = Task.CompletedTask;
        if (stored.EffectsQueuedAt is null)
        {
            var actor = AuditEntries.Doctor(code.DoctorId!);
            auditing = audit.RecordAsync(
                [
                    AuditEntries.Code(AuditActions.CodeActivated, actor, code with { Status = CodeStatus.Issued, DoctorId = null, ActivatedAt = null }, code, stored.CreditedAt, keySuffix: code.DoctorId),
                    AuditEntries.Ledger(AuditActions.LedgerCredited, actor, stored),
                ],
                cancellationToken);
        }

        await Task.WhenAll(resetting, effects.EnsureQueuedAsync(stored, () => auditing, cancellationToken));
        logger.LogInformation(
            "Code {Code} activated for doctor {DoctorId} (event {EventId}, already: {Already}).",
            ConfirmationCode.Mask(plainCode), code.DoctorId, ev.EventId, alreadyActivated);
        return new ActivationResult(ev.EventId, ev.Title, ev.Credits, code.ActivatedAt ?? stored.CreditedAt, alreadyActivated);
    }

    /// <summary>Undoes this doctor's activation of the code, conditional on what is stored, so no one else's is undone.</summary>
    private async Task ReturnToAttendeeAsync(CodeRecord code, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await codes.FindAsync(code.CodeHash, cancellationToken);
            if (current is not { Status: CodeStatus.Activated } || current.DoctorId != code.DoctorId)
            {
                return;
            }

            var returned = current with { Status = CodeStatus.Issued, DoctorId = null, ActivatedAt = null };
            if (await codes.TryReplaceAsync(returned, cancellationToken))
            {
                await audit.RecordAsync(
                    [AuditEntries.Code(AuditActions.CodeReturned, AuditEntries.Doctor(code.DoctorId!), current, returned, time.GetUtcNow(), "credited for the event by another code", code.DoctorId)],
                    cancellationToken);
                return;
            }
        }

        throw new InvalidOperationException("The code kept changing while it was given back.");
    }
}
