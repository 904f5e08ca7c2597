namespace Nmo.Core.Plan;

/// <summary>The education plan's rules: configuration, not code (section <c>Plan</c>).</summary>
public sealed class PlanOptions
{
    public const string SectionName = "Plan";

    public int CycleYears { get; set; } = 5;

    /// <summary>Hours of NMO activity per cycle, after the FAQ's model: 16 from events and 20 from e-learning modules.</summary>
    public decimal TargetEvents { get; set; } = 16;

    public decimal TargetModules { get; set; } = 20;

    public decimal TargetTotal { get; set; } = 36;

    /// <summary>The whole cycle's hours (144), of which the rest (108) come from the educational organisation's programme.</summary>
    public decimal CycleHours { get; set; } = 144;
}
