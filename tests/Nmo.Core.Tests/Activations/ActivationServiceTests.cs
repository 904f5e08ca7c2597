using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Activations;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Storage;
using Nmo.Core.Tests.Common;
using Nmo.Core.Tests.Common.Fakes;

namespace Nmo.Core.Tests.Activations;

public sealed class ActivationServiceTests
{
    private const string EventId = "cardio-2026";
    private const string Doctor = "d1";
    private const string Email = "d1@clinic.example";

    private static readonly DateTimeOffset IssuedAt = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly string EntryId = LedgerEntry.IdFor(ActivityKinds.Event, EventId);

    private readonly CodeSecrets secrets = new("activation-tests-key-0123456789abcdef");
    private readonly InMemoryCodeStore codes = new();
    private readonly InMemoryEventStore events = new();
    private readonly InMemoryLedgerStore ledger = new();
    private readonly InMemoryAuditLog audit = new();
    private readonly InMemoryMessageQueue queue = new();
    private readonly InMemoryThrottleStore throttle = new();
    private readonly ListLogger<ActivationService> log = new();
    private readonly FakeTimeProvider time = new(Now);
    private readonly string code = ConfirmationCode.Generate();

    public ActivationServiceTests()
    {
        events.Put(new EventRecord(
            EventId, "prv-1", "Общество кардиологов", "Школа кардиолога", ActivityKinds.Event, new DateOnly(2026, 11, 20),
            new DateOnly(2026, 11, 21), "Москва", 6m, null, IssuedAt));
    }

    private string Hash => secrets.Hash(code);

    private CodeRecord Issued() => new(Hash, EventId, "att-1", CodeStatus.Issued, null, IssuedAt, null);

    private CodeRecord ActivatedBy(string doctorId) => Issued() with { Status = CodeStatus.Activated, DoctorId = doctorId, ActivatedAt = Now.AddDays(-1) };

    private ActivationService Service() => new(
        codes, secrets, events, ledger, new CreditEffects(ledger, queue, time), audit, new ActivationThrottle(throttle, new ThrottleOptions(), time), time, log);

    private Task<Result<ActivationResult>> ActivateAsync(
        string? doctorId = Doctor, string? email = Email, string? typed = null, string? name = null, Language language = Language.Ru) =>
        Service().ActivateAsync(new ActivationRequest(doctorId, email, typed ?? code, name), language, CancellationToken.None);

    private int FailuresCounted(string doctorId = Doctor) => throttle[doctorId]?.Failures.Count ?? 0;

    private async Task FailAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal("code.unknown", ResultAssert.Problem(await ActivateAsync(typed: ConfirmationCode.Generate())).Code);
        }
    }

    private LedgerEntry CreditByAnotherCode() => new(
        Doctor, EntryId, ActivityKinds.Event, EventId, "Школа кардиолога", "prv-1", "Общество кардиологов", new DateOnly(2026, 11, 21), 6m,
        "another-code-hash", "****-****ABCD", Email, "ru", Now.AddDays(-2));

    private void NothingCredited()
    {
        Assert.Empty(ledger.Entries);
        Assert.Empty(queue.Sent);
        Assert.DoesNotContain(audit.Records, r => r.Action is AuditActions.CodeActivated or AuditActions.LedgerCredited);
    }

    [Fact]
    public async Task An_issued_code_is_owned_credited_notified_exported_and_audited()
    {
        codes.Put(Issued());

        var result = ResultAssert.Ok(await ActivateAsync(email: "  " + Email + " ", name: "  Иванов   Иван ", language: Language.En));

        Assert.Equal((EventId, "Школа кардиолога", 6m, Now, false), (result.EventId, result.Title, result.Credits, result.ActivatedAt, result.AlreadyActivated));

        var stored = codes[Hash]!;
        Assert.Equal((CodeStatus.Activated, Doctor, (DateTimeOffset?)Now), (stored.Status, stored.DoctorId, stored.ActivatedAt));

        var entry = Assert.Single(ledger.Entries);
        Assert.Equal(
            (Doctor, EntryId, ActivityKinds.Event, EventId, "prv-1", "Общество кардиологов", new DateOnly(2026, 11, 21), 6m),
            (entry.DoctorId, entry.EntryId, entry.Kind, entry.ActivityId, entry.ProviderId, entry.ProviderName, entry.Date, entry.Credits));
        Assert.Equal((Hash, ConfirmationCode.Mask(code), Email, "en", Now, "Иванов Иван"), (entry.CodeHash, entry.MaskedCode, entry.Email, entry.Language, entry.CreditedAt, entry.DoctorName));
        Assert.Equal(Now, entry.EffectsQueuedAt);

        Assert.Equal(new CreditNoticeMessage(Doctor, EntryId), Assert.Single(queue.On<CreditNoticeMessage>(StorageNames.Queues.CreditNotices)));
        var record = Assert.Single(queue.On<CreditRecordMessage>(StorageNames.Queues.CreditRecords));
        Assert.Equal((6m, EventId, Doctor), (record.Credits, record.ActivityId, record.DoctorId));

        var activated = Assert.Single(audit.Records, r => r.Action == AuditActions.CodeActivated);
        Assert.Equal(("doctor:" + Doctor, Doctor, Hash, Now), (activated.Actor, activated.DoctorId, activated.CodeHash, activated.At));
        Assert.Contains("\"status\":\"issued\"", activated.Before, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"activated\"", activated.After, StringComparison.Ordinal);
        var credited = Assert.Single(audit.Records, r => r.Action == AuditActions.LedgerCredited);
        Assert.Equal((EventId, Doctor, "doctor:" + Doctor), (credited.ActivityId, credited.DoctorId, credited.Actor));
        Assert.Equal(2, audit.Records.Count);
    }

    [Fact]
    public async Task A_new_activation_clears_the_doctors_failures()
    {
        await FailAsync(3);
        Assert.Equal(3, FailuresCounted());
        codes.Put(Issued());

        ResultAssert.Ok(await ActivateAsync());

        Assert.Equal(0, FailuresCounted());
    }

    [Fact]
    public async Task The_log_names_the_code_masked_and_never_in_full()
    {
        codes.Put(Issued());

        ResultAssert.Ok(await ActivateAsync());

        var symbols = code.Replace("-", string.Empty, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains(ConfirmationCode.Mask(code), StringComparison.Ordinal) && l.Contains(Doctor, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(code, StringComparison.Ordinal) || l.Contains(symbols, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_owner_activating_again_gets_the_credit_it_has_and_is_not_counted_as_failing()
    {
        codes.Put(Issued());
        ResultAssert.Ok(await ActivateAsync());
        time.Advance(TimeSpan.FromHours(1));
        await FailAsync(2);
        var sent = queue.Sent.Count;
        var audited = audit.Records.Count;

        var again = ResultAssert.Ok(await ActivateAsync(typed: code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));

        Assert.Equal((EventId, 6m, Now, true), (again.EventId, again.Credits, again.ActivatedAt, again.AlreadyActivated));
        Assert.Single(ledger.Entries);
        Assert.Equal(sent, queue.Sent.Count);
        Assert.Equal(audited, audit.Records.Count);

        // Its own attempt was counted in advance and taken back; the earlier failures stand.
        Assert.Equal(2, FailuresCounted());
    }

    [Fact]
    public async Task A_repeat_of_an_activation_whose_effects_were_queued_audits_nothing_again()
    {
        // Credited before the audit existed: a repeat must not invent a change now.
        codes.Put(ActivatedBy(Doctor));
        var credited = ledger.Put(CreditByAnotherCode() with { CodeHash = Hash, EffectsQueuedAt = Now.AddDays(-1) });

        var again = ResultAssert.Ok(await ActivateAsync());

        Assert.True(again.AlreadyActivated);
        Assert.Empty(audit.Records);
        Assert.Empty(queue.Sent);
        Assert.Equal(credited, ledger[Doctor, EntryId]);
    }

    [Fact]
    public async Task An_activation_that_stopped_after_owning_the_code_is_completed_by_the_retry()
    {
        codes.Put(ActivatedBy(Doctor));

        var again = ResultAssert.Ok(await ActivateAsync());

        Assert.True(again.AlreadyActivated);
        Assert.Equal(Now.AddDays(-1), again.ActivatedAt);
        var entry = Assert.Single(ledger.Entries);
        Assert.Equal((Hash, Now.AddDays(-1), 6m), (entry.CodeHash, entry.CreditedAt, entry.Credits));
        Assert.Single(queue.On<CreditNoticeMessage>(StorageNames.Queues.CreditNotices));
        Assert.Single(queue.On<CreditRecordMessage>(StorageNames.Queues.CreditRecords));
        Assert.Contains(audit.Records, r => r.Action == AuditActions.CodeActivated);
        Assert.Contains(audit.Records, r => r.Action == AuditActions.LedgerCredited);
    }

    [Fact]
    public async Task A_code_activated_by_another_doctor_is_409_and_stays_theirs()
    {
        var theirs = codes.Put(ActivatedBy("d2"));

        var problem = ResultAssert.Problem(await ActivateAsync());

        Assert.Equal((409, "code.taken"), (problem.Status, problem.Code));
        Assert.Equal(theirs, codes[Hash]);
        NothingCredited();
        Assert.Equal(1, FailuresCounted());
        Assert.Contains(log.Lines, l => l.Contains(ConfirmationCode.Mask(code), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_code_is_410_and_counts_as_a_failure()
    {
        var revoked = codes.Put(Issued() with { Status = CodeStatus.Revoked });

        var problem = ResultAssert.Problem(await ActivateAsync());

        Assert.Equal((410, "code.revoked"), (problem.Status, problem.Code));
        Assert.Equal(revoked, codes[Hash]);
        NothingCredited();
        Assert.Equal(1, FailuresCounted());
    }

    [Fact]
    public async Task An_unknown_code_is_404_and_a_mistyped_one_422_both_counted()
    {
        var unknown = ResultAssert.Problem(await ActivateAsync());
        var mistyped = ResultAssert.Problem(await ActivateAsync(typed: code[..^1] + (code[^1] == '0' ? '1' : '0')));

        Assert.Equal((404, "code.unknown"), (unknown.Status, unknown.Code));
        Assert.Equal((422, "code.mistyped"), (mistyped.Status, mistyped.Code));
        Assert.Equal(2, FailuresCounted());
        NothingCredited();
    }

    [Theory]
    [InlineData(null, Email, null, 400, "doctor.invalid")]
    [InlineData("d 1", Email, null, 400, "doctor.invalid")]
    [InlineData(Doctor, null, null, 400, "email.invalid")]
    [InlineData(Doctor, "d1@clinic", null, 400, "email.invalid")]
    [InlineData(Doctor, Email, "Иванов\u0007Иван", 422, "field.invalid")]
    public async Task A_bad_request_is_refused_before_the_code_is_read_and_is_not_counted(string? doctorId, string? email, string? name, int status, string expected)
    {
        codes.Put(Issued());

        var problem = ResultAssert.Problem(await ActivateAsync(doctorId, email, name: name));

        Assert.Equal((status, expected), (problem.Status, problem.Code));
        Assert.Equal(CodeStatus.Issued, codes[Hash]!.Status);
        Assert.Null(throttle[Doctor]);
        NothingCredited();
    }

    [Fact]
    public async Task Past_the_allowed_failures_even_a_valid_code_waits_for_the_oldest_to_leave_the_window()
    {
        await FailAsync(new ThrottleOptions().MaxFailures);
        codes.Put(Issued());
        time.Advance(TimeSpan.FromSeconds(30));

        var problem = ResultAssert.Problem(await ActivateAsync(language: Language.En));

        Assert.Equal((429, "code.throttled"), (problem.Status, problem.Code));
        Assert.Equal(TimeSpan.FromMinutes(14.5), problem.RetryAfter);
        Assert.Contains("in 15 min", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(CodeStatus.Issued, codes[Hash]!.Status);
        NothingCredited();
    }

    [Fact]
    public async Task A_wait_under_a_minute_is_announced_as_one_minute()
    {
        await FailAsync(new ThrottleOptions().MaxFailures);
        time.Advance(new ThrottleOptions().Window - TimeSpan.FromSeconds(10));

        var problem = ResultAssert.Problem(await ActivateAsync(language: Language.En));

        Assert.Equal(TimeSpan.FromSeconds(10), problem.RetryAfter);
        Assert.Contains("in 1 min", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_doctor_credited_for_the_event_by_another_code_is_refused_before_the_code_is_written()
    {
        var issued = codes.Put(Issued());
        var theirs = ledger.Put(CreditByAnotherCode());

        var problem = ResultAssert.Problem(await ActivateAsync());

        Assert.Equal((409, "code.already-credited"), (problem.Status, problem.Code));
        Assert.Equal(issued, codes[Hash]);
        Assert.Empty(codes.Replaced);
        Assert.Equal(theirs, Assert.Single(ledger.Entries));
        Assert.Empty(queue.Sent);
        Assert.Empty(audit.Records);
        Assert.Contains(log.Lines, l => l.Contains("credited for its event", StringComparison.Ordinal) && l.Contains(ConfirmationCode.Mask(code), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_doctor_credited_for_another_event_activates_this_one()
    {
        codes.Put(Issued());
        ledger.Put(CreditByAnotherCode() with { EntryId = LedgerEntry.IdFor(ActivityKinds.Event, "other-event"), ActivityId = "other-event" });

        ResultAssert.Ok(await ActivateAsync());

        Assert.Equal(Hash, ledger[Doctor, EntryId]!.CodeHash);
    }

    [Fact]
    public async Task Another_code_credited_while_this_one_was_written_is_given_back_to_its_attendee()
    {
        codes.Put(Issued());
        ledger.BeforeNextAdd = () => ledger.Put(CreditByAnotherCode());

        var problem = ResultAssert.Problem(await ActivateAsync());

        Assert.Equal((409, "code.already-credited"), (problem.Status, problem.Code));
        var returned = codes[Hash]!;
        Assert.Equal((CodeStatus.Issued, (string?)null, (DateTimeOffset?)null), (returned.Status, returned.DoctorId, returned.ActivatedAt));
        Assert.Equal("another-code-hash", Assert.Single(ledger.Entries).CodeHash);
        Assert.Empty(queue.Sent);
        var record = Assert.Single(audit.Records);
        Assert.Equal((AuditActions.CodeReturned, "doctor:" + Doctor, Hash, Now), (record.Action, record.Actor, record.CodeHash, record.At));
        Assert.Equal("credited for the event by another code", record.Reason);
        Assert.Contains(log.Lines, l => l.Contains("given back", StringComparison.Ordinal) && l.Contains(ConfirmationCode.Mask(code), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_given_back_after_a_concurrent_write_is_read_again_before_it_is_returned()
    {
        codes.Put(Issued());
        ledger.BeforeNextAdd = () =>
        {
            ledger.Put(CreditByAnotherCode());

            // Something rewrote the activated code (same state, new ETag) just before the return's write.
            codes.BeforeNextReplace = () => codes.Put(codes[Hash]!);
        };

        ResultAssert.Problem(await ActivateAsync());

        Assert.Equal(CodeStatus.Issued, codes[Hash]!.Status);
        Assert.Single(audit.Records, r => r.Action == AuditActions.CodeReturned);
    }

    [Fact]
    public async Task A_code_that_keeps_changing_while_it_is_given_back_is_an_error()
    {
        codes.Put(Issued());
        var race = new CodeRace(codes, Hash, 10);

        ledger.BeforeNextAdd = () =>
        {
            ledger.Put(CreditByAnotherCode());
            codes.BeforeNextReplace = race.Run;
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ActivateAsync());

        Assert.Contains("given back", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, race.Landed);
        Assert.Empty(queue.Sent);
    }

    [Fact]
    public async Task A_code_of_a_missing_event_is_an_error_naming_the_event_credits_nothing_and_leaves_the_code_to_its_owner()
    {
        codes.Put(Issued() with { EventId = "gone-event" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ActivateAsync());

        Assert.Contains("gone-event", error.Message, StringComparison.Ordinal);
        NothingCredited();
        Assert.Equal(CodeStatus.Issued, codes[Hash]!.Status);
        Assert.Null(codes[Hash]!.DoctorId);
    }

    [Fact]
    public async Task Each_activation_is_counted_for_operators_by_the_status_the_portal_is_answered()
    {
        // The meter is process-wide and other tests activate too: this asserts what was seen, not how often.
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // By name: the instrument may be published while NmoMetrics is still being initialised.
            if (instrument.Meter.Name == Nmo.Core.Telemetry.NmoTelemetry.Name && instrument.Name == Nmo.Core.Telemetry.NmoMetrics.ActivationsName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == Nmo.Core.Telemetry.NmoMetrics.ActivationStatusTag)
                {
                    seen.Add((string)tag.Value!);
                }
            }
        });
        listener.Start();
        codes.Put(Issued());

        Assert.True((await ActivateAsync()).IsOk);
        Assert.Contains("200", seen);
        Assert.Equal(404, ResultAssert.Problem(await ActivateAsync(typed: ConfirmationCode.Generate())).Status);
        Assert.Contains("404", seen);
        codes.Put(Issued() with { EventId = "gone-event" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => ActivateAsync(doctorId: "d2", email: "d2@clinic.example"));
        Assert.Contains(Nmo.Core.Telemetry.NmoMetrics.ServerErrorStatus, seen);
    }

    [Fact]
    public async Task A_code_revoked_before_it_is_given_back_stays_revoked()
    {
        codes.Put(Issued());
        ledger.BeforeNextAdd = () =>
        {
            ledger.Put(CreditByAnotherCode());
            codes.Put(codes[Hash]! with { Status = CodeStatus.Revoked });
        };

        var problem = ResultAssert.Problem(await ActivateAsync());

        Assert.Equal("code.already-credited", problem.Code);
        Assert.Equal(CodeStatus.Revoked, codes[Hash]!.Status);
        Assert.Empty(audit.Records);
    }

    [Fact]
    public async Task A_code_another_doctor_took_before_it_is_given_back_stays_theirs()
    {
        codes.Put(Issued());
        ledger.BeforeNextAdd = () =>
        {
            ledger.Put(CreditByAnotherCode());
            codes.Put(codes[Hash]! with { DoctorId = "d2" });
        };

        ResultAssert.Problem(await ActivateAsync());

        Assert.Equal((CodeStatus.Activated, "d2"), (codes[Hash]!.Status, codes[Hash]!.DoctorId));
        Assert.Empty(audit.Records);
    }

    [Fact]
    public async Task A_code_taken_between_read_and_write_is_decided_on_what_is_stored()
    {
        codes.Put(Issued());
        codes.BeforeNextReplace = () => codes.Put(ActivatedBy("d2"));

        var problem = ResultAssert.Problem(await ActivateAsync());

        Assert.Equal((409, "code.taken"), (problem.Status, problem.Code));
        Assert.Equal("d2", codes[Hash]!.DoctorId);
        NothingCredited();
    }

    [Fact]
    public async Task A_write_lost_to_an_unrelated_change_is_tried_again()
    {
        codes.Put(Issued());
        codes.BeforeNextReplace = () => codes.Put(Issued());

        var result = ResultAssert.Ok(await ActivateAsync());

        Assert.False(result.AlreadyActivated);
        Assert.Equal(Doctor, codes[Hash]!.DoctorId);
        Assert.Single(ledger.Entries);
    }

    [Fact]
    public async Task A_code_that_keeps_changing_is_an_error_after_ten_reads_not_a_credit()
    {
        codes.Put(Issued());
        var race = new CodeRace(codes, Hash, 10);

        codes.BeforeNextReplace = race.Run;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ActivateAsync());

        Assert.Contains("kept changing", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, race.Landed);
        Assert.Equal(CodeStatus.Issued, codes[Hash]!.Status);
        NothingCredited();
    }
}
