using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;

namespace Nmo.Core.Plan;

/// <summary>
/// A doctor's five-year cycle: it starts with the first credited activity (or today, for a doctor with none)
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
        var start = entries.Count == 0 ? today : entries.Min(e => e.Date);
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
