namespace Nmo.Core.Plan;

/// <summary>
/// The report of educational activity (отчёт об образовательной активности) a doctor hands the educational
/// organisation: the education-plan report as <see cref="EducationPlanService"/> computes it, every entry with its
/// certificate's verification link, the doctor's name when the portal gave one, and the day it was drawn up.
/// </summary>
public sealed record EducationActivityReport(EducationPlanReport Plan, string? DoctorName, DateOnly GeneratedOn, IReadOnlyList<CertifiedEntry> Entries);
