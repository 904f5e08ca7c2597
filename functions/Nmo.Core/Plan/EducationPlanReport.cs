namespace Nmo.Core.Plan;

/// <summary>A doctor's education-plan report (GET /api/doctors/{doctorId}/credits) and the parts it is made of.</summary>
public sealed record PlanHours(decimal Events, decimal Modules, decimal Total);

public sealed record PlanCycle(DateOnly Start, DateOnly End);

public sealed record PlanEntryView(string Kind, string Id, string Title, string Provider, DateOnly Date, decimal Credits, string? Code);

/// <param name="CycleHours">The whole cycle's hours, of which the targets are the part earned through NMO activities.</param>
public sealed record EducationPlanReport(
    string DoctorId,
    PlanCycle Cycle,
    PlanHours Totals,
    PlanHours Targets,
    PlanHours Missing,
    decimal CycleHours,
    IReadOnlyList<PlanEntryView> Entries);
