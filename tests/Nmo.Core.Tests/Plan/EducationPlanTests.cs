using Microsoft.Extensions.Time.Testing;
using Moq;
using Nmo.Core.Plan;

namespace Nmo.Core.Tests.Plan;

public sealed class EducationPlanTests
{
    private static LedgerEntry Entry(string kind, string id, DateOnly date, decimal credits) => new(
        "doc-1", LedgerEntry.IdFor(kind, id), kind, id, "Title " + id, "prv-1", "Провайдер", date, credits,
        kind == "event" ? "hash" : null, kind == "event" ? "****-****AB12" : null, "d@clinic.example", "ru", DateTimeOffset.UtcNow);

    private static EducationPlanService Service(DateTimeOffset now, PlanOptions? options = null) =>
        new(Mock.Of<ILedgerStore>(), options ?? new PlanOptions(), new FakeTimeProvider(now));

    [Fact]
    public void Report_counts_events_and_modules_against_the_faq_targets_and_lists_every_entry()
    {
        var report = Service(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)).Build("doc-1",
        [
            Entry("event", "cardio", new DateOnly(2026, 3, 1), 6),
            Entry("module", "ecg", new DateOnly(2026, 5, 1), 4),
            Entry("event", "surgery", new DateOnly(2026, 9, 1), 12),
        ]);

        Assert.Equal(new PlanHours(18, 4, 22), report.Totals);
        Assert.Equal(new PlanHours(16, 20, 36), report.Targets);
        Assert.Equal(new PlanHours(0, 16, 14), report.Missing);
        Assert.Equal(new PlanCycle(new DateOnly(2026, 3, 1), new DateOnly(2031, 2, 28)), report.Cycle);
        Assert.Equal(["cardio", "ecg", "surgery"], report.Entries.Select(e => e.Id));
        Assert.Equal(["event", "module", "event"], report.Entries.Select(e => e.Kind));
        Assert.Null(report.Entries[1].Code);
        Assert.Equal("****-****AB12", report.Entries[0].Code);
    }

    [Fact]
    public void Targets_come_from_configuration()
    {
        var report = Service(DateTimeOffset.UtcNow, new PlanOptions { TargetEvents = 10, TargetModules = 5, TargetTotal = 15 })
            .Build("doc-1", [Entry("event", "a", DateOnly.FromDateTime(DateTime.UtcNow), 3)]);

        Assert.Equal(new PlanHours(10, 5, 15), report.Targets);
        Assert.Equal(new PlanHours(7, 5, 12), report.Missing);
    }

    [Fact]
    public void Only_the_current_five_year_cycle_counts()
    {
        var report = Service(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)).Build("doc-1",
        [
            Entry("event", "old", new DateOnly(2020, 1, 10), 8),
            Entry("event", "new", new DateOnly(2026, 2, 1), 5),
        ]);

        Assert.Equal(new DateOnly(2025, 1, 10), report.Cycle.Start);
        Assert.Equal(5, report.Totals.Events);
        Assert.Equal(["new"], report.Entries.Select(e => e.Id));
    }

    [Fact]
    public void A_doctor_without_entries_starts_a_cycle_today_with_everything_missing()
    {
        var report = Service(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero)).Build("doc-1", []);

        Assert.Equal(new DateOnly(2026, 11, 25), report.Cycle.Start);
        Assert.Equal(report.Targets, report.Missing);
        Assert.Empty(report.Entries);
    }
}
