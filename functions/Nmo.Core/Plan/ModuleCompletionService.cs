using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Plan;

public sealed record CompletionRequest(string? DoctorId, string? Email, DateTimeOffset? CompletedAt, string? Language = null);

public sealed record CompletionResult(string ModuleId, string Title, decimal Credits, DateTimeOffset CreditedAt, bool AlreadyCredited);

public abstract record CompletionOutcome
{
    public sealed record Credited(CompletionResult Result) : CompletionOutcome;

    public sealed record Refused(Problem Problem) : CompletionOutcome;
}

/// <summary>E-learning credits on completion, without a code: once per doctor and module.</summary>
public sealed class ModuleCompletionService(IEventStore events, ILedgerStore ledger, CreditEffects effects, TimeProvider time)
{
    public async Task<CompletionOutcome> CompleteAsync(
        ProviderRecord provider, string moduleId, CompletionRequest request, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(moduleId))
        {
            return Refuse(400, "id.invalid", Texts.Get("id.invalid", language, moduleId));
        }

        if (!Ids.IsValid(request.DoctorId))
        {
            return Refuse(400, "doctor.invalid", Texts.Get("doctor.invalid", language));
        }

        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254 || !request.Email.Contains('@', StringComparison.Ordinal))
        {
            return Refuse(400, "email.invalid", Texts.Get("email.invalid", language));
        }

        var module = await events.FindAsync(moduleId, cancellationToken);
        if (module is null || module.ProviderId != provider.ProviderId)
        {
            return Refuse(404, "module.not-registered", Texts.Get("module.not-registered", language, moduleId));
        }

        if (module.Kind != ActivityKinds.Module)
        {
            return Refuse(409, "event.kind-mismatch", Texts.Get("event.kind-mismatch", language, moduleId, module.Kind, ActivityKinds.Module));
        }

        var now = time.GetUtcNow();
        var completedAt = request.CompletedAt ?? now;
        if (completedAt > now.AddMinutes(5))
        {
            return Refuse(422, "field.invalid", Texts.Get("field.invalid", language, "completedAt", language == Language.En ? "in the future" : "в будущем"));
        }

        var entry = new LedgerEntry(
            request.DoctorId!, LedgerEntry.IdFor(ActivityKinds.Module, moduleId), ActivityKinds.Module, moduleId, module.Title,
            module.ProviderId, module.ProviderName, DateOnly.FromDateTime(completedAt.UtcDateTime), module.Credits, null, null,
            request.Email.Trim(), Languages.Parse(request.Language ?? language.Code()).Code(), now);
        var (stored, added) = await ledger.AddIfMissingAsync(entry, cancellationToken);
        await effects.EnsureQueuedAsync(stored, cancellationToken);
        return new CompletionOutcome.Credited(new CompletionResult(moduleId, module.Title, module.Credits, stored.CreditedAt, !added));
    }

    private static CompletionOutcome.Refused Refuse(int status, string code, string detail) => new(new Problem(status, code, detail, detail));
}
