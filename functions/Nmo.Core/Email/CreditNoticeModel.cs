namespace Nmo.Core.Email;

/// <summary>
/// One credit just added to a doctor's education plan and the cycle's totals after it. <see cref="Code"/> is
/// already masked (or null for modules, which need no code). <see cref="PortalUrl"/>, when given, links the
/// "План обучения" section. <see cref="Reason"/> is set for a reversal: why the credit was taken back.
/// </summary>
public sealed record CreditNoticeModel(
    string ActivityTitle,
    string Kind,
    string ProviderName,
    decimal Credits,
    DateTimeOffset CreditedAt,
    string? Code,
    decimal TotalEvents,
    decimal TotalModules,
    decimal Total,
    decimal TargetEvents,
    decimal TargetModules,
    decimal TargetTotal,
    DateOnly CycleStart,
    DateOnly CycleEnd,
    string? PortalUrl = null,
    string? DoctorName = null,
    string? Reason = null);
