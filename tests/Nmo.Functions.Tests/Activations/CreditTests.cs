using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Codes;
using Nmo.Core.Events;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Activations;

/// <summary>The ledger and what follows a credit: half-done work completed once, repeats absorbed, the plan report.</summary>
public sealed class CreditTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static Task<HttpResponseMessage> CompleteAsync(ActivationWorld world, string moduleId, string doctorId, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/modules/{moduleId}/completions")
        {
            Content = JsonContent.Create(new { doctorId, email = $"{doctorId}@clinic.example", completedAt = "2026-11-21T10:00:00Z" }),
        };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return world.Provider.SendAsync(request);
    }

    [Fact]
    public async Task An_activation_that_stopped_after_the_code_write_is_completed_once_by_the_doctors_next_attempt()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("crash");
        var code = (await world.IssueCodesAsync(eventId, "crash@clinic.example"))["crash@clinic.example"];
        var doctor = eventId + "-doc";

        // What a crash right after the conditional code write leaves behind: an activated code, no ledger entry.
        var store = world.Host.Services.GetRequiredService<ICodeStore>();
        var hash = world.Host.Services.GetRequiredService<ICodeHasher>().Hash(code);
        var issued = (await store.FindAsync(hash, CancellationToken.None))!;
        Assert.True(await store.TryReplaceAsync(
            issued with { Status = CodeStatus.Activated, DoctorId = doctor, ActivatedAt = DateTimeOffset.UtcNow }, CancellationToken.None));
        Assert.Empty((await world.ReportAsync(doctor))["entries"]!.AsArray());

        var retried = await world.ActivateAsync(doctor, code);
        var repeated = await world.ActivateAsync(doctor, code);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var entry = Assert.Single((await world.ReportAsync(doctor))["entries"]!.AsArray());
        Assert.Equal(eventId, entry!["id"]!.GetValue<string>());
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        Assert.Single(world.CreditNotices(doctor));
        Assert.Single(await world.TakeCreditEventsAsync(), e => e.DoctorId == doctor);
    }

    [Fact]
    public async Task A_replayed_credit_notice_message_sends_no_second_email()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("replay");
        var code = (await world.IssueCodesAsync(eventId, "replay@clinic.example"))["replay@clinic.example"];
        var doctor = eventId + "-doc";
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code)).StatusCode);
        await Eventually.WaitUntilAsync(() => world.CreditNotices(doctor).Count == 1, "the credit notice");

        var queue = world.Host.Services.GetRequiredService<IMessageQueue>();
        var message = new CreditNoticeMessage(doctor, LedgerEntry.IdFor(ActivityKinds.Event, eventId));
        await queue.SendAsync(StorageNames.Queues.CreditNotices, message, CancellationToken.None);
        await queue.SendAsync(StorageNames.Queues.CreditNotices, message, CancellationToken.None);
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);

        Assert.Single(world.CreditNotices(doctor));
    }

    [Fact]
    public async Task A_module_completed_twice_is_credited_once_with_one_notice_and_the_second_answer_says_so()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var moduleId = ActivationWorld.NewId("ecg");
        Assert.Equal(HttpStatusCode.Created, (await world.PutActivityAsync(moduleId, "module", 4, "Основы ЭКГ")).StatusCode);
        var doctor = moduleId + "-doc";

        var first = await CompleteAsync(world, moduleId, doctor);
        var second = await CompleteAsync(world, moduleId, doctor);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False((await PipelineHost.JsonAsync(first))["alreadyCredited"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True((await PipelineHost.JsonAsync(second))["alreadyCredited"]!.GetValue<bool>());
        Assert.Single((await world.ReportAsync(doctor))["entries"]!.AsArray());
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        Assert.Single(world.CreditNotices(doctor));
        var credit = Assert.Single(await world.TakeCreditEventsAsync(), e => e.DoctorId == doctor);
        Assert.Equal((ActivityKinds.Module, moduleId, 4m), (credit.Kind, credit.ActivityId, credit.Credits));
    }

    [Theory]
    [InlineData("2019-03-01T10:00:00Z")]
    [InlineData("2026-11-19T23:59:00Z")]
    [InlineData("2026-11-22T00:01:00Z")]
    public async Task A_completion_dated_outside_the_modules_period_is_refused_and_credits_nothing(string completedAt)
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var moduleId = ActivationWorld.NewId("ecg");
        Assert.Equal(HttpStatusCode.Created, (await world.PutActivityAsync(moduleId, "module", 4, "Основы ЭКГ")).StatusCode);
        var doctor = moduleId + "-doc";

        var answer = await world.Provider.PostAsJsonAsync(
            $"api/modules/{moduleId}/completions", new { doctorId = doctor, email = $"{doctor}@clinic.example", completedAt });

        var problem = await ActivationTests.ProblemAsync(answer, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("field.invalid", problem["code"]!.GetValue<string>());
        Assert.Contains("2026-11-20 — 2026-11-21", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await world.ReportAsync(doctor))["entries"]!.AsArray());
    }

    [Fact]
    public async Task An_unregistered_module_is_404_with_the_reason_from_the_faq()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var doctor = ActivationWorld.NewId("doc");

        var ru = await ActivationTests.ProblemAsync(await CompleteAsync(world, "not-on-the-site", doctor), HttpStatusCode.NotFound);
        var en = await ActivationTests.ProblemAsync(await CompleteAsync(world, "not-on-the-site", doctor, "en"), HttpStatusCode.NotFound);

        Assert.Equal("module.not-registered", ru["code"]!.GetValue<string>());
        Assert.Contains("не размещённые на сайте, не обеспечиваются кредитами", ru["detail"]!.GetValue<string>());
        Assert.Contains("not published on the site do not earn credits", en["detail"]!.GetValue<string>());
        Assert.Empty((await world.ReportAsync(doctor))["entries"]!.AsArray());
    }

    [Fact]
    public async Task The_report_counts_an_event_credited_by_code_and_a_module_against_the_targets()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("plan");
        var code = (await world.IssueCodesAsync(eventId, "plan@clinic.example"))["plan@clinic.example"];
        var moduleId = eventId + "-ecg";
        Assert.Equal(HttpStatusCode.Created, (await world.PutActivityAsync(moduleId, "module", 4, "Основы ЭКГ")).StatusCode);
        var doctor = eventId + "-doc";

        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CompleteAsync(world, moduleId, doctor)).StatusCode);
        var report = await world.ReportAsync(doctor);

        Assert.Equal((6m, 4m, 10m), Hours(report["totals"]!));
        Assert.Equal((16m, 20m, 36m), Hours(report["targets"]!));
        Assert.Equal((10m, 16m, 26m), Hours(report["missing"]!));
        var entries = report["entries"]!.AsArray();
        Assert.Equal(2, entries.Count);
        var ev = Assert.Single(entries, e => e!["kind"]!.GetValue<string>() == "event")!;
        var module = Assert.Single(entries, e => e!["kind"]!.GetValue<string>() == "module")!;
        Assert.Equal((eventId, "Школа кардиолога", 6m), (ev["id"]!.GetValue<string>(), ev["title"]!.GetValue<string>(), ev["credits"]!.GetValue<decimal>()));
        Assert.Equal("****-****" + code[^4..], ev["code"]!.GetValue<string>());
        Assert.Equal((moduleId, 4m), (module["id"]!.GetValue<string>(), module["credits"]!.GetValue<decimal>()));
        Assert.Null(module["code"]);
        Assert.Equal(2, (await world.TakeCreditEventsAsync()).Count(e => e.DoctorId == doctor));

        static (decimal, decimal, decimal) Hours(System.Text.Json.Nodes.JsonNode node) =>
            (node["events"]!.GetValue<decimal>(), node["modules"]!.GetValue<decimal>(), node["total"]!.GetValue<decimal>());
    }
}
