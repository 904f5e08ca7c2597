using System.Globalization;
using Nmo.Core.Audit;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Plan;

/// <summary>E-learning credits on completion, without a code: once per doctor and module.</summary>
public sealed class ModuleCompletionService(IEventStore events, ILedgerStore ledger, CreditEffects effects, IAuditLog audit, TimeProvider time)
{
    public async Task<Result<CompletionResult>> CompleteAsync(
        ProviderRecord provider, string moduleId, CompletionRequest request, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(moduleId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, moduleId);
        }

        if (!Ids.IsValid(request.DoctorId))
        {
            return Problem.Of(ProblemType.DoctorInvalid, language);
        }

        if (EmailAddress.Check(request.Email) is not null)
        {
            return Problem.Of(ProblemType.EmailInvalid, language);
        }

        if (DoctorName.Check(request.Name, language) is { } badName)
        {
            return badName;
        }

        var module = await events.FindOwnedAsync(provider, moduleId, cancellationToken);
        if (module is null)
        {
            return Problem.Of(ProblemType.ModuleNotRegistered, language, moduleId);
        }

        if (module.Kind != ActivityKinds.Module)
        {
            return Problem.Of(ProblemType.EventKindMismatch, language, moduleId, module.Kind, ActivityKinds.Module);
        }

        var now = time.GetUtcNow();
        var completedAt = request.CompletedAt ?? now;
        if (completedAt > now.AddMinutes(5))
        {
            return Problem.Of(ProblemType.FieldInvalid, language, "completedAt", Texts.Get("reason.in-the-future", language));
        }

        // A completion is credited on its date, and the earliest credited date anchors the doctor's five-year cycle:
        // a date outside the module's registered period would credit a module before it existed and move the cycle.
        var completedOn = DateOnly.FromDateTime(completedAt.UtcDateTime);
        if (completedOn < module.StartDate || completedOn > module.EndDate)
        {
            return Problem.Of(
                ProblemType.FieldInvalid, language, "completedAt",
                Texts.Get("reason.outside-module-period", language, module.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), module.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        var entry = new LedgerEntry(
            request.DoctorId!, LedgerEntry.IdFor(ActivityKinds.Module, moduleId), ActivityKinds.Module, moduleId, module.Title,
            module.ProviderId, module.ProviderName, completedOn, module.Credits, null, null,
            request.Email!.Trim(), Languages.Parse(request.Language ?? language.Code()).Code(), now, DoctorName: DoctorName.Normalize(request.Name));
        var (stored, added) = await ledger.AddIfMissingAsync(entry, cancellationToken);
        if (stored.EffectsQueuedAt is null)
        {
            // Until the effects are recorded as queued, a retry writes the same record again, kept once by its key.
            await audit.RecordAsync([AuditEntries.Ledger(AuditActions.ModuleCompleted, AuditEntries.Provider(provider.ProviderId), stored)], cancellationToken);
        }

        await effects.EnsureQueuedAsync(stored, cancellationToken);
        return new CompletionResult(moduleId, module.Title, module.Credits, stored.CreditedAt, !added);
    }
}
