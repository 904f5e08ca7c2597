using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;

namespace Nmo.Core.Plan;

/// <summary>
/// A doctor's five-year cycle: it starts with the first credited activity, reversed ones aside (or today, for a doctor with none)
/// and counts the hours of that cycle's entries by kind against the configured targets.
/// </summary>
public sealed class EducationPlanService(ILedgerStore ledger, PlanOptions options, TimeProvider time)
{
    public async Task<Result<EducationPlanReport>> GetReportAsync(string doctorId, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(doctorId))
        {
            return Problem.Of(ProblemType.DoctorInvalid, language);
        }

        var entries = await ledger.ListAsync(doctorId, cancellationToken);
        return Build(doctorId, entries);
    }

    public EducationPlanReport Build(string doctorId, IReadOnlyList<LedgerEntry> entries)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        // A reversal counts only beside the credit it reverses (the two may be written in either order). A reversed
        // credit anchors the cycle only when no other credit can: then the pair stays in view, netting zero.
        var ids = entries.Select(e => e.EntryId).ToHashSet(StringComparer.Ordinal);
        var reversed = entries.Where(e => e.ReversalOf is not null && ids.Contains(e.ReversalOf)).Select(e => e.ReversalOf!).ToHashSet(StringComparer.Ordinal);
        entries = [.. entries.Where(e => e.ReversalOf is null || reversed.Contains(e.ReversalOf))];
        var credits = entries.Where(e => e.ReversalOf is null).ToList();
        var anchors = credits.Where(e => !reversed.Contains(e.EntryId)).ToList() is { Count: > 0 } kept ? kept : credits;
        var start = anchors.Count == 0 ? today : anchors.Min(e => e.Date);
        while (start.AddYears(options.CycleYears) <= today)
        {
            start = start.AddYears(options.CycleYears);
        }

        var end = start.AddYears(options.CycleYears).AddDays(-1);
        var inCycle = entries.Where(e => e.Date >= start && e.Date <= end).OrderBy(e => e.Date).ThenBy(e => e.EntryId, StringComparer.Ordinal).ToList();
        var events = inCycle.Where(e => e.Kind == ActivityKinds.Event).Sum(e => e.Credits);
        var modules = inCycle.Where(e => e.Kind == ActivityKinds.Module).Sum(e => e.Credits);
        var totals = new PlanHours(events, modules, events + modules);
        var targets = new PlanHours(options.TargetEvents, options.TargetModules, options.TargetTotal);
        var missing = new PlanHours(
            Math.Max(0, targets.Events - events),
            Math.Max(0, targets.Modules - modules),
            Math.Max(0, targets.Total - totals.Total));
        return new EducationPlanReport(
            doctorId, new PlanCycle(start, end), totals, targets, missing, options.CycleHours,
            [.. inCycle.Select(e => new PlanEntryView(e.Kind, e.ActivityId, e.Title, e.ProviderName, e.Date, e.Credits, e.MaskedCode))]);
    }
}
