using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Core.Tests.Common;
using Nmo.Core.Tests.Common.Fakes;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Codes;

public sealed class WithdrawalServiceTests
{
    private const string EventId = "cardio-2026";
    private const string Email = "mistake@clinic.example";
    private const string Doctor = "d1";
    private const string Reason = "Не было на мероприятии";

    private static readonly ProviderRecord Provider = new("prv-1", "Общество кардиологов", "hash", DateTimeOffset.UnixEpoch);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly string EntryId = LedgerEntry.IdFor(ActivityKinds.Event, EventId);
    private static readonly string ReversalId = LedgerEntry.ReversalIdFor(EntryId);

    private readonly CodeSecrets secrets = new("withdrawal-tests-key-0123456789abcdef");
    private readonly InMemoryEventStore events = new();
    private readonly InMemoryAttendeeStore attendees = new();
    private readonly InMemoryCodeStore codes = new();
    private readonly InMemoryLedgerStore ledger = new();
    private readonly InMemoryAuditLog audit = new();
    private readonly InMemoryMessageQueue queue = new();
    private readonly ListLogger<WithdrawalService> log = new();
    private readonly FakeTimeProvider time = new(Now);
    private readonly string code = ConfirmationCode.Generate();
    private readonly string attendeeKey = CodeReissueService.AttendeeKeyFor(Email);

    public WithdrawalServiceTests()
    {
        events.Put(new EventRecord(
            EventId, Provider.ProviderId, Provider.Name, "Школа кардиолога", ActivityKinds.Event, new DateOnly(2026, 11, 20),
            new DateOnly(2026, 11, 21), "Москва", 6m, null, Now.AddDays(-10)));
        attendees.Put(new AttendeeRecord(
            EventId, attendeeKey, "upl-1", 2, "Антонов Андрей", Email, "en", secrets.Protect(code), Hash, Now.AddDays(-3),
            CertificateStatus.Sent, Now.AddDays(-3)));
    }

    private string Hash => secrets.Hash(code);

    private CodeRecord Issued() => new(Hash, EventId, attendeeKey, CodeStatus.Issued, null, Now.AddDays(-3), null);

    private CodeRecord Activated() => Issued() with { Status = CodeStatus.Activated, DoctorId = Doctor, ActivatedAt = Now.AddDays(-1) };

    private LedgerEntry Credit(string? codeHash = null) => new(
        Doctor, EntryId, ActivityKinds.Event, EventId, "Школа кардиолога", Provider.ProviderId, Provider.Name, new DateOnly(2026, 11, 19), 4m,
        codeHash ?? Hash, "****-****WXYZ", "doctor@clinic.example", "ru", Now.AddDays(-1), EffectsQueuedAt: Now.AddDays(-1), DoctorName: "Иванов Иван");

    private WithdrawalService Service() => new(events, attendees, codes, ledger, new CreditEffects(ledger, queue, time), audit, time, log);

    private Task<Result<WithdrawalResult>> WithdrawAsync(
        string eventId = EventId, string? email = Email, string? reason = Reason, ProviderRecord? provider = null, Language language = Language.Ru) =>
        Service().WithdrawAsync(provider ?? Provider, eventId, new WithdrawalRequest(email, reason), language, CancellationToken.None);

    private void NothingChanged()
    {
        Assert.Null(attendees[EventId, attendeeKey]!.WithdrawnAt);
        Assert.Empty(codes.Replaced);
        Assert.DoesNotContain(ledger.Entries, e => e.ReversalOf is not null);
        Assert.Empty(queue.Sent);
        Assert.Empty(audit.Records);
    }

    [Fact]
    public async Task An_issued_code_is_revoked_and_the_attendee_marked_with_when_and_why()
    {
        codes.Put(Issued());

        var result = ResultAssert.Ok(await WithdrawAsync(email: " Mistake@Clinic.EXAMPLE ", reason: "  " + Reason + "  "));

        Assert.Equal((EventId, Email, Now, Reason, false), (result.EventId, result.Email, result.WithdrawnAt, result.Reason, result.CreditReversed));
        var attendee = attendees[EventId, attendeeKey]!;
        Assert.Equal(((DateTimeOffset?)Now, Reason), (attendee.WithdrawnAt, attendee.WithdrawalReason));
        Assert.Equal(CodeStatus.Revoked, codes[Hash]!.Status);
        Assert.Empty(ledger.Entries);
        Assert.Empty(queue.Sent);

        var record = Assert.Single(audit.Records);
        Assert.Equal((AuditActions.CodeWithdrawn, "provider:prv-1", Hash, Now, Reason), (record.Action, record.Actor, record.CodeHash, record.At, record.Reason));
        Assert.Contains("\"status\":\"issued\"", record.Before, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"revoked\"", record.After, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains(EventId, StringComparison.Ordinal) && l.Contains("prv-1", StringComparison.Ordinal) && !l.Contains(Email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reason_is_kept_masked_wherever_it_is_shown()
    {
        codes.Put(Activated());
        ledger.Put(Credit());

        var result = ResultAssert.Ok(await WithdrawAsync(reason: "дубль doctor@clinic.example, СНИЛС 112-233-445 95"));

        Assert.DoesNotContain("doctor@clinic.example", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("112-233-445 95", result.Reason, StringComparison.Ordinal);
        Assert.Equal(result.Reason, attendees[EventId, attendeeKey]!.WithdrawalReason);
        Assert.Equal(result.Reason, ledger[Doctor, ReversalId]!.Reason);
        Assert.All(audit.Records, r => Assert.Equal(result.Reason, r.Reason));
    }

    [Fact]
    public async Task An_activated_code_is_revoked_keeping_its_owner_and_the_credit_is_reversed_by_a_new_entry()
    {
        codes.Put(Activated());
        var original = ledger.Put(Credit());

        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.True(result.CreditReversed);
        var revoked = codes[Hash]!;
        Assert.Equal((CodeStatus.Revoked, Doctor, (DateTimeOffset?)Now.AddDays(-1)), (revoked.Status, revoked.DoctorId, revoked.ActivatedAt));

        // The credit stays as it was; its reversal names it and states what the credit stated, negated.
        Assert.Equal(original, ledger[Doctor, EntryId]);
        var reversal = ledger[Doctor, ReversalId]!;
        Assert.Equal(
            (ActivityKinds.Event, EventId, "Школа кардиолога", Provider.ProviderId, Provider.Name, new DateOnly(2026, 11, 19), -4m),
            (reversal.Kind, reversal.ActivityId, reversal.Title, reversal.ProviderId, reversal.ProviderName, reversal.Date, reversal.Credits));
        Assert.Equal(
            (Hash, "****-****WXYZ", "doctor@clinic.example", "ru", Now, "Иванов Иван", EntryId, Reason),
            (reversal.CodeHash, reversal.MaskedCode, reversal.Email, reversal.Language, reversal.CreditedAt, reversal.DoctorName, reversal.ReversalOf, reversal.Reason));
        Assert.Equal(Now, reversal.EffectsQueuedAt);

        // The doctor is told, and the portal gets the negative hours.
        Assert.Equal(new CreditNoticeMessage(Doctor, ReversalId), Assert.Single(queue.On<CreditNoticeMessage>(StorageNames.Queues.CreditNotices)));
        var record = Assert.Single(queue.On<CreditRecordMessage>(StorageNames.Queues.CreditRecords));
        Assert.Equal((-4m, EventId, Doctor), (record.Credits, record.ActivityId, record.DoctorId));

        var withdrawn = Assert.Single(audit.Records, r => r.Action == AuditActions.CodeWithdrawn);
        Assert.Equal(Doctor, withdrawn.DoctorId);
        Assert.Contains("\"status\":\"activated\"", withdrawn.Before, StringComparison.Ordinal);
        var reversed = Assert.Single(audit.Records, r => r.Action == AuditActions.LedgerReversed);
        Assert.Equal(("provider:prv-1", Doctor, EventId, Reason), (reversed.Actor, reversed.DoctorId, reversed.ActivityId, reversed.Reason));
        Assert.Equal(2, audit.Records.Count);
    }

    [Fact]
    public async Task A_code_activated_whose_credit_is_not_written_yet_is_reversed_with_the_events_figures()
    {
        codes.Put(Activated());

        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.True(result.CreditReversed);
        var reversal = ledger[Doctor, ReversalId]!;
        Assert.Equal(
            (new DateOnly(2026, 11, 21), -6m, Email, "en", (string?)null, (string?)null, Hash),
            (reversal.Date, reversal.Credits, reversal.Email, reversal.Language, reversal.MaskedCode, reversal.DoctorName, reversal.CodeHash));
        Assert.Single(queue.On<CreditNoticeMessage>(StorageNames.Queues.CreditNotices));
    }

    [Fact]
    public async Task A_credit_the_doctor_holds_by_another_code_of_the_event_stays()
    {
        codes.Put(Activated());
        var theirs = ledger.Put(Credit("another-code-hash"));

        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.False(result.CreditReversed);
        Assert.Equal(CodeStatus.Revoked, codes[Hash]!.Status);
        Assert.Equal(theirs, Assert.Single(ledger.Entries));
        Assert.Empty(queue.Sent);
        Assert.DoesNotContain(audit.Records, r => r.Action == AuditActions.LedgerReversed);
    }

    [Fact]
    public async Task A_repeated_request_answers_the_same_and_writes_nothing_twice()
    {
        codes.Put(Activated());
        ledger.Put(Credit());
        var first = ResultAssert.Ok(await WithdrawAsync());
        var sent = queue.Sent.Count;
        var audited = audit.Records.Count;
        var replaced = codes.Replaced.Count;

        time.Advance(TimeSpan.FromHours(2));
        var second = ResultAssert.Ok(await WithdrawAsync(reason: "другая причина"));

        Assert.Equal(first, second);
        Assert.Equal(replaced, codes.Replaced.Count);
        Assert.Equal(sent, queue.Sent.Count);
        Assert.Equal(audited, audit.Records.Count);
        Assert.Equal(2, ledger.Entries.Count);
    }

    [Fact]
    public async Task A_repeat_after_a_stop_before_the_reversals_effects_queues_them()
    {
        codes.Put(Activated() with { Status = CodeStatus.Revoked });
        ledger.Put(Credit());
        attendees.Put(attendees[EventId, attendeeKey]! with { WithdrawnAt = Now.AddMinutes(-5), WithdrawalReason = Reason });

        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.Equal((Now.AddMinutes(-5), true), (result.WithdrawnAt, result.CreditReversed));
        Assert.Empty(codes.Replaced);
        var withdrawn = Assert.Single(audit.Records, r => r.Action == AuditActions.CodeWithdrawn);
        Assert.Null(withdrawn.Before);
        Assert.Equal(Now.AddMinutes(-5), withdrawn.At);
        Assert.Single(audit.Records, r => r.Action == AuditActions.LedgerReversed);
        Assert.Single(queue.On<CreditNoticeMessage>(StorageNames.Queues.CreditNotices));
    }

    [Fact]
    public async Task A_reversal_whose_effects_were_queued_is_not_audited_or_queued_again()
    {
        codes.Put(Activated() with { Status = CodeStatus.Revoked });
        ledger.Put(Credit());
        ledger.Put(Credit() with { EntryId = ReversalId, Credits = -4m, ReversalOf = EntryId, Reason = Reason, EffectsQueuedAt = Now.AddMinutes(-4) });
        attendees.Put(attendees[EventId, attendeeKey]! with { WithdrawnAt = Now.AddMinutes(-5), WithdrawalReason = Reason });

        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.True(result.CreditReversed);
        Assert.Empty(queue.Sent);
        Assert.DoesNotContain(audit.Records, r => r.Action == AuditActions.LedgerReversed);
    }

    [Fact]
    public async Task An_attendee_whose_code_was_never_stored_is_withdrawn_with_nothing_to_revoke()
    {
        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.False(result.CreditReversed);
        Assert.NotNull(attendees[EventId, attendeeKey]!.WithdrawnAt);
        Assert.Empty(audit.Records);
        Assert.Empty(ledger.Entries);
    }

    [Fact]
    public async Task An_activation_landing_between_read_and_revocation_is_revoked_and_its_credit_reversed()
    {
        codes.Put(Issued());
        codes.BeforeNextReplace = () =>
        {
            codes.Put(Activated());
            ledger.Put(Credit());
        };

        var result = ResultAssert.Ok(await WithdrawAsync());

        Assert.True(result.CreditReversed);
        Assert.Equal((CodeStatus.Revoked, Doctor), (codes[Hash]!.Status, codes[Hash]!.DoctorId));
        Assert.NotNull(ledger[Doctor, ReversalId]);
    }

    [Fact]
    public async Task A_code_that_keeps_changing_is_an_error_after_ten_reads()
    {
        codes.Put(Issued());
        var race = new CodeRace(codes, Hash, 10);

        codes.BeforeNextReplace = race.Run;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WithdrawAsync());

        Assert.Contains("kept changing", error.Message, StringComparison.Ordinal);

        Assert.Equal(10, race.Landed);
        Assert.Equal(CodeStatus.Issued, codes[Hash]!.Status);
        Assert.Empty(audit.Records);
    }

    [Theory]
    [InlineData("bad id!", Email, Reason, 400, "id.invalid")]
    [InlineData(EventId, null, Reason, 400, "email.invalid")]
    [InlineData(EventId, "mistake@clinic", Reason, 400, "email.invalid")]
    [InlineData(EventId, Email, null, 422, "withdrawal.invalid")]
    [InlineData(EventId, Email, "  ", 422, "withdrawal.invalid")]
    [InlineData(EventId, Email, "строка\nвторая", 422, "withdrawal.invalid")]
    [InlineData(EventId, "nobody@clinic.example", Reason, 404, "withdrawal.attendee-not-found")]
    [InlineData("unknown-event", Email, Reason, 404, "event.not-found")]
    public async Task A_bad_request_is_refused_and_changes_nothing(string eventId, string? email, string? reason, int status, string expected)
    {
        codes.Put(Issued());

        var problem = ResultAssert.Problem(await WithdrawAsync(eventId, email, reason));

        Assert.Equal((status, expected), (problem.Status, problem.Code));
        NothingChanged();
    }

    [Fact]
    public async Task A_reason_longer_than_allowed_is_refused_naming_the_limit()
    {
        codes.Put(Issued());

        var problem = ResultAssert.Problem(await WithdrawAsync(reason: new string('x', WithdrawalService.MaxReasonLength + 1), language: Language.En));

        Assert.Equal((422, "withdrawal.invalid"), (problem.Status, problem.Code));
        Assert.Contains("'reason' is longer than 500", problem.Detail, StringComparison.Ordinal);
        NothingChanged();
        Assert.True(ResultAssert.Ok(await WithdrawAsync(reason: new string('x', WithdrawalService.MaxReasonLength))).WithdrawnAt == Now);
    }

    [Fact]
    public async Task Another_providers_event_is_reported_as_not_found()
    {
        codes.Put(Issued());

        var problem = ResultAssert.Problem(await WithdrawAsync(provider: Provider with { ProviderId = "prv-2" }));

        Assert.Equal((404, "event.not-found"), (problem.Status, problem.Code));
        NothingChanged();
    }
}
