using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Audit;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Plan;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Activations;
using Nmo.Functions.Tests.Certificates;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Withdrawals;

/// <summary>
/// A provider withdraws an attendee uploaded by mistake: the code stops working, the certificate says revoked, and a
/// credit already given is taken back by a new ledger entry the doctor is told about. Nothing is deleted or rewritten.
/// </summary>
public sealed class WithdrawalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Reason = "Загружен по ошибке: не присутствовал";

    internal static Task<HttpResponseMessage> WithdrawAsync(HttpClient provider, string eventId, string email, string? reason = Reason) =>
        provider.PostAsJsonAsync($"api/events/{eventId}/withdrawals", new { email, reason });

    [Fact]
    public async Task A_withdrawal_before_activation_revokes_the_code_and_the_certificate_says_revoked()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("wdraw");
        var codes = await world.IssueCodesAsync(eventId, "mistake@clinic.example", "kept@clinic.example");
        var link = world.Certificates(eventId).Single(m => m.To == "mistake@clinic.example").Values["verifyUrl"];

        var response = await WithdrawAsync(world.Provider, eventId, "Mistake@Clinic.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await PipelineHost.JsonAsync(response);
        Assert.False(body["creditReversed"]!.GetValue<bool>());
        Assert.Equal(Reason, body["reason"]!.GetValue<string>());
        var refused = await ActivationTests.ProblemAsync(await world.ActivateAsync(eventId + "-doc", codes["mistake@clinic.example"]), HttpStatusCode.Gone);
        Assert.Equal("code.revoked", refused["code"]!.GetValue<string>());
        var (status, page) = await VerificationPageTests.GetAsync(world.Host.Http, VerificationPageTests.PathOf(link), "application/json");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("revoked", JsonNode.Parse(page)!["state"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(page)!["replacedByUrl"]);

        // A withdrawn attendee is not given a new code by a re-issue; the other attendee is untouched.
        var reissue = await world.Provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = "mistake@clinic.example" });
        Assert.Equal("attendee.withdrawn", (await ActivationTests.ProblemAsync(reissue, HttpStatusCode.Conflict))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-kept", codes["kept@clinic.example"])).StatusCode);
    }

    [Fact]
    public async Task A_withdrawal_after_activation_reverses_the_credit_by_a_new_entry_and_tells_the_doctor()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("wdrev");
        var doctor = eventId + "-doc";
        var code = (await world.IssueCodesAsync(eventId, "credited@clinic.example"))["credited@clinic.example"];
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code, email: "credited@clinic.example")).StatusCode);
        Assert.Equal(6m, (await world.ReportAsync(doctor))["totals"]!["total"]!.GetValue<decimal>());

        var response = await WithdrawAsync(world.Provider, eventId, "credited@clinic.example");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await PipelineHost.JsonAsync(response))["creditReversed"]!.GetValue<bool>());
        var report = await world.ReportAsync(doctor);
        Assert.Equal(0m, report["totals"]!["total"]!.GetValue<decimal>());
        Assert.Equal(0m, report["totals"]!["events"]!.GetValue<decimal>());
        Assert.Equal([6m, -6m], report["entries"]!.AsArray().Select(e => e!["credits"]!.GetValue<decimal>()).Order().Reverse());

        // The credit is still there as it was written; its reversal is a second entry that names it and says why.
        var entries = await world.Host.Services.GetRequiredService<ILedgerStore>().ListAsync(doctor, CancellationToken.None);
        var originalId = LedgerEntry.IdFor(ActivityKinds.Event, eventId);
        var original = Assert.Single(entries, e => e.EntryId == originalId);
        Assert.Equal(6m, original.Credits);
        Assert.Null(original.ReversalOf);
        var reversal = Assert.Single(entries, e => e.ReversalOf == originalId);
        Assert.Equal(-6m, reversal.Credits);
        Assert.Equal(Reason, reversal.Reason);

        // The doctor is told, once, under the reversal's own key, with the reason and the totals after it.
        var key = CreditNotifier.NoticeKey(doctor, LedgerEntry.ReversalIdFor(originalId));
        await Eventually.WaitUntilAsync(() => world.Sent().Any(m => m.Key == key), "the reversal notice");
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        var notice = Assert.Single(world.Sent(), m => m.Key == key);
        Assert.Equal("credit-reversal", notice.Category);
        Assert.Equal("credited@clinic.example", notice.To);
        var content = world.Content(key);
        Assert.Contains("Кредиты НМО отменены", content);
        Assert.Contains(Reason, content);
        Assert.Contains("Всего: 0 из", content);

        // Downstream systems get the negative credit as a record of its own; the original record stands.
        var records = (await world.TakeCreditEventsAsync()).Where(r => r.DoctorId == doctor).ToList();
        Assert.Contains(records, r => r.Credits == 6m);
        Assert.Contains(records, r => r.Credits == -6m);
        Assert.Equal(HttpStatusCode.Gone, (await world.ActivateAsync(doctor, code, email: "credited@clinic.example")).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_twice_answers_the_same_and_reverses_once()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("wdtwo");
        var doctor = eventId + "-doc";
        var code = (await world.IssueCodesAsync(eventId, "twice@clinic.example"))["twice@clinic.example"];
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code)).StatusCode);

        var first = await PipelineHost.JsonAsync(await WithdrawAsync(world.Provider, eventId, "twice@clinic.example"));
        var second = await WithdrawAsync(world.Provider, eventId, "twice@clinic.example", "другая причина");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(first.ToJsonString(), (await PipelineHost.JsonAsync(second)).ToJsonString());
        var entries = await world.Host.Services.GetRequiredService<ILedgerStore>().ListAsync(doctor, CancellationToken.None);
        Assert.Single(entries, e => e.ReversalOf is not null);
        Assert.Equal(0m, (await world.ReportAsync(doctor))["totals"]!["total"]!.GetValue<decimal>());
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.CreditNotices);
        Assert.Single(world.Sent(), m => m.Category == "credit-reversal" && m.Key.StartsWith(CreditNotifier.NoticeKey(doctor, string.Empty), StringComparison.Ordinal));
        var audit = await world.Host.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(eventId), CancellationToken.None);
        Assert.Single(audit, r => r.Action == AuditActions.LedgerReversed);
        Assert.Single(audit, r => r.Action == AuditActions.CodeWithdrawn);
    }

    [Fact]
    public async Task Another_providers_attendee_is_not_found_and_keeps_its_code()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("wdfor");
        var code = (await world.IssueCodesAsync(eventId, "theirs@clinic.example"))["theirs@clinic.example"];
        var (_, other) = await world.Host.NewProviderAsync("Чужой провайдер");
        using var _ = other;

        var foreign = await ActivationTests.ProblemAsync(await WithdrawAsync(other, eventId, "theirs@clinic.example"), HttpStatusCode.NotFound);
        var unknown = await ActivationTests.ProblemAsync(await WithdrawAsync(world.Provider, eventId, "nobody@clinic.example"), HttpStatusCode.NotFound);
        var noReason = await ActivationTests.ProblemAsync(await WithdrawAsync(world.Provider, eventId, "theirs@clinic.example", " "), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("event.not-found", foreign["code"]!.GetValue<string>());
        Assert.DoesNotContain("theirs", foreign.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("withdrawal.attendee-not-found", unknown["code"]!.GetValue<string>());
        Assert.Equal("withdrawal.invalid", noReason["code"]!.GetValue<string>());
        Assert.Contains("reason", noReason["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-doc", code)).StatusCode);
    }
}
