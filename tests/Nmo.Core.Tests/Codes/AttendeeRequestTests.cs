using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Codes;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Plan;
using Nmo.Core.Providers;
using Nmo.Core.Tests.Common;
using Nmo.Core.Tests.Common.Fakes;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Codes;

/// <summary>Re-issue and withdrawal share their input checks: the same bad input gets the same answer from both.</summary>
public sealed class AttendeeRequestTests
{
    private const string EventId = "cardio-2026";
    private const string Email = "antonov@clinic.example";

    private static readonly ProviderRecord Provider = new("prv-1", "Общество кардиологов", "hash", DateTimeOffset.UnixEpoch);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly CodeSecrets secrets = new("attendee-request-tests-key-0123456789");
    private readonly InMemoryEventStore events = new();
    private readonly InMemoryAttendeeStore attendees = new();
    private readonly InMemoryCodeStore codes = new();
    private readonly InMemoryLedgerStore ledger = new();
    private readonly InMemoryAuditLog audit = new();
    private readonly InMemoryMessageQueue queue = new();
    private readonly FakeTimeProvider time = new(Now);

    public AttendeeRequestTests()
    {
        events.Put(new EventRecord(
            EventId, Provider.ProviderId, Provider.Name, "Школа кардиолога", ActivityKinds.Event, new DateOnly(2026, 11, 20),
            new DateOnly(2026, 11, 21), "Москва", 6m, null, Now));
        var code = ConfirmationCode.Generate();
        attendees.Put(new AttendeeRecord(
            EventId, CodeReissueService.AttendeeKeyFor(Email), "upl-1", 2, "Антонов Андрей", Email, "ru", secrets.Protect(code), secrets.Hash(code), Now,
            CertificateStatus.Sent, Now));
    }

    [Theory]
    [InlineData("", Email, Language.Ru, 400, "id.invalid")]
    [InlineData("bad id!", Email, Language.En, 400, "id.invalid")]
    [InlineData("bad id!", "no-at-sign", Language.Ru, 400, "id.invalid")]
    [InlineData(EventId, null, Language.Ru, 400, "email.invalid")]
    [InlineData(EventId, " ", Language.En, 400, "email.invalid")]
    [InlineData(EventId, "antonov@clinic", Language.Ru, 400, "email.invalid")]
    [InlineData("unknown-event", Email, Language.En, 404, "event.not-found")]
    [InlineData("unknown-event", "no-at-sign", Language.Ru, 400, "email.invalid")]
    public async Task Both_refuse_the_same_input_with_the_same_problem(string eventId, string? email, Language language, int status, string code)
    {
        var reissue = new CodeReissueService(
            events, attendees, codes, new InMemoryCertificateStore(), secrets, secrets, queue, audit, time, NullLogger<CodeReissueService>.Instance);
        var withdrawal = new WithdrawalService(events, attendees, codes, ledger, new CreditEffects(ledger, queue, time), audit, time, NullLogger<WithdrawalService>.Instance);

        var reissued = ResultAssert.Problem(await reissue.ReissueAsync(Provider, eventId, new ReissueRequest(email), language, CancellationToken.None));
        var withdrawn = ResultAssert.Problem(await withdrawal.WithdrawAsync(Provider, eventId, new WithdrawalRequest(email, "ошибка в списке"), language, CancellationToken.None));

        Assert.Equal((status, code), (reissued.Status, reissued.Code));
        Assert.Equal((reissued.Status, reissued.Code, reissued.Title, reissued.Detail), (withdrawn.Status, withdrawn.Code, withdrawn.Title, withdrawn.Detail));
        Assert.Empty(codes.Replaced);
        Assert.Empty(codes.Added);
        Assert.Empty(queue.Sent);
        Assert.Empty(audit.Records);
        Assert.Null(attendees[EventId, CodeReissueService.AttendeeKeyFor(Email)]!.WithdrawnAt);
    }

    [Fact]
    public void The_invalid_id_is_named_in_the_answer()
    {
        var problem = AttendeeRequest.Check("bad id!", Email, Language.En);

        Assert.NotNull(problem);
        Assert.Contains("bad id!", problem.Detail, StringComparison.Ordinal);
        Assert.Null(AttendeeRequest.Check(EventId, Email, Language.En));
    }
}
