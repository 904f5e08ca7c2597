using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Core.Tests.Common;
using Nmo.Core.Tests.Common.Fakes;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Codes;

/// <summary>What a re-issue leaves in the stores, the audit and the log, also when it races or repeats.</summary>
public sealed class CodeReissueOutcomeTests
{
    private const string EventId = "cardio-2026";
    private const string Email = "antonov@clinic.example";

    private static readonly ProviderRecord Provider = new("prv-1", "Общество кардиологов", "hash", DateTimeOffset.UnixEpoch);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly CodeSecrets secrets = new("reissue-outcome-tests-key-0123456789");
    private readonly InMemoryEventStore events = new();
    private readonly InMemoryAttendeeStore attendees = new();
    private readonly InMemoryCodeStore codes = new();
    private readonly InMemoryCertificateStore certificates = new();
    private readonly InMemoryAuditLog audit = new();
    private readonly InMemoryMessageQueue queue = new();
    private readonly ListLogger<CodeReissueService> log = new();
    private readonly FakeTimeProvider time = new(Now);
    private readonly string oldCode = ConfirmationCode.Generate();
    private readonly string attendeeKey = CodeReissueService.AttendeeKeyFor(Email);

    public CodeReissueOutcomeTests()
    {
        events.Put(new EventRecord(
            EventId, Provider.ProviderId, Provider.Name, "Школа кардиолога", ActivityKinds.Event, new DateOnly(2026, 11, 20),
            new DateOnly(2026, 11, 21), "Москва", 6m, null, Now.AddDays(-10)));
        attendees.Put(new AttendeeRecord(
            EventId, attendeeKey, "upl-1", 2, "Антонов Андрей", Email, "ru", secrets.Protect(oldCode), OldHash, Now.AddDays(-3),
            CertificateStatus.Sent, Now.AddDays(-3)));
        codes.Put(new CodeRecord(OldHash, EventId, attendeeKey, CodeStatus.Issued, null, Now.AddDays(-3), null));
    }

    private string OldHash => secrets.Hash(oldCode);

    private CodeReissueService Service(ICodeStore? store = null) =>
        new(events, attendees, store ?? codes, certificates, secrets, secrets, queue, audit, time, log);

    private Task<Result<ReissueResult>> ReissueAsync(ICodeStore? store = null) =>
        Service(store).ReissueAsync(Provider, EventId, new ReissueRequest(Email), Language.Ru, CancellationToken.None);

    private void NothingSent()
    {
        Assert.Empty(queue.Sent);
        Assert.Empty(certificates.Saved);
        Assert.Equal(OldHash, attendees[EventId, attendeeKey]!.CodeHash);
    }

    [Fact]
    public async Task The_revocation_and_the_replacement_are_audited_by_the_provider()
    {
        ResultAssert.Ok(await ReissueAsync());

        var newHash = attendees[EventId, attendeeKey]!.CodeHash;
        var revoked = Assert.Single(audit.Records, r => r.Action == AuditActions.CodeRevoked);
        Assert.Equal(("provider:prv-1", OldHash, Now, "re-issue"), (revoked.Actor, revoked.CodeHash, revoked.At, revoked.Reason));
        Assert.Contains("\"status\":\"issued\"", revoked.Before, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"revoked\"", revoked.After, StringComparison.Ordinal);
        var reissued = Assert.Single(audit.Records, r => r.Action == AuditActions.CodeReissued);
        Assert.Equal(("provider:prv-1", newHash, EventId, Now), (reissued.Actor, reissued.CodeHash, reissued.ActivityId, reissued.At));
        Assert.Contains(OldHash, reissued.Before, StringComparison.Ordinal);
        Assert.Equal(2, audit.Records.Count);
        Assert.Equal(CodeStatus.Issued, codes[newHash]!.Status);
        Assert.Equal(CodeStatus.Revoked, codes[OldHash]!.Status);
    }

    [Fact]
    public async Task The_log_names_the_attendee_masked()
    {
        ResultAssert.Ok(await ReissueAsync());

        Assert.Contains(log.Lines, l => l.Contains(LogMask.Email(Email), StringComparison.Ordinal) && l.Contains(EventId, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains(Email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_withdrawn_attendee_gets_no_new_code()
    {
        attendees.Put(attendees[EventId, attendeeKey]! with { WithdrawnAt = Now.AddDays(-1), WithdrawalReason = "ошибка" });

        var problem = ResultAssert.Problem(await ReissueAsync());

        Assert.Equal((409, "attendee.withdrawn"), (problem.Status, problem.Code));
        Assert.Equal(CodeStatus.Issued, codes[OldHash]!.Status);
        Assert.Empty(codes.Added);
        Assert.Empty(audit.Records);
        NothingSent();
    }

    [Fact]
    public async Task A_revocation_lost_to_an_unrelated_change_is_tried_again()
    {
        codes.BeforeNextReplace = () => codes.Put(codes[OldHash]!);

        ResultAssert.Ok(await ReissueAsync());

        Assert.Equal(CodeStatus.Revoked, codes[OldHash]!.Status);
        Assert.Single(queue.On<CertificateEmailMessage>(StorageNames.Queues.Certificates));
    }

    [Fact]
    public async Task A_code_that_changes_under_ten_revocations_is_an_error_and_nothing_is_sent()
    {
        var race = new CodeRace(codes, OldHash, 10);

        codes.BeforeNextReplace = race.Run;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReissueAsync());

        Assert.Contains("kept changing", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, race.Landed);
        Assert.Equal(CodeStatus.Issued, codes[OldHash]!.Status);
        Assert.Empty(codes.Added);
        NothingSent();
    }

    [Fact]
    public async Task Ten_colliding_draws_are_an_error_and_each_is_logged()
    {
        var colliding = new CollidingCodeStore(codes, 10);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReissueAsync(colliding));

        Assert.Contains("unique code", error.Message, StringComparison.Ordinal);

        Assert.Equal(10, colliding.Draws);
        Assert.Equal(10, log.Lines.Count(l => l.Contains("collision", StringComparison.Ordinal) && l.Contains(EventId, StringComparison.Ordinal)));
        NothingSent();
    }

    [Fact]
    public async Task Nine_colliding_draws_leave_the_tenth_to_succeed()
    {
        var lucky = new CollidingCodeStore(codes, 9);

        ResultAssert.Ok(await ReissueAsync(lucky));

        Assert.Equal(10, lucky.Draws);
        Assert.Equal(Assert.Single(codes.Added).CodeHash, attendees[EventId, attendeeKey]!.CodeHash);
        Assert.Single(queue.On<CertificateEmailMessage>(StorageNames.Queues.Certificates));
    }

    [Fact]
    public async Task A_reissue_that_lost_to_a_concurrent_one_revokes_its_own_code_unsent()
    {
        // The concurrent re-issue gives the attendee its code between our revocation and our replacement.
        var theirs = ConfirmationCode.Generate();
        codes.BeforeNextReplace = () => attendees.Put(attendees[EventId, attendeeKey]! with { CodeHash = secrets.Hash(theirs), ProtectedCode = secrets.Protect(theirs) });

        var result = ResultAssert.Ok(await ReissueAsync());

        Assert.Equal(CertificateStatus.Queued, result.CertificateStatus);
        var ours = Assert.Single(codes.Added);
        Assert.Equal(CodeStatus.Revoked, codes[ours.CodeHash]!.Status);
        Assert.Equal(secrets.Hash(theirs), attendees[EventId, attendeeKey]!.CodeHash);
        Assert.Empty(queue.Sent);
        var unsent = Assert.Single(audit.Records, r => r.CodeHash == ours.CodeHash);
        Assert.Equal((AuditActions.CodeRevoked, "lost to a concurrent re-issue; never sent"), (unsent.Action, unsent.Reason));
        Assert.DoesNotContain(audit.Records, r => r.Action == AuditActions.CodeReissued);
        Assert.Contains(log.Lines, l => l.Contains("lost to a concurrent", StringComparison.Ordinal) && !l.Contains(Email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_losers_code_is_revoked_even_when_its_first_revocation_is_raced()
    {
        var theirs = ConfirmationCode.Generate();
        codes.BeforeNextReplace = () =>
        {
            attendees.Put(attendees[EventId, attendeeKey]! with { CodeHash = secrets.Hash(theirs) });
            codes.BeforeNextReplace = () => codes.Put(codes[codes.Added[0].CodeHash]!);
        };

        ResultAssert.Ok(await ReissueAsync());

        Assert.Equal(CodeStatus.Revoked, codes[Assert.Single(codes.Added).CodeHash]!.Status);
        Assert.Empty(queue.Sent);
    }

    [Fact]
    public async Task The_losers_code_taken_by_someone_is_left_as_it_is()
    {
        var theirs = ConfirmationCode.Generate();
        codes.BeforeNextReplace = () => attendees.Put(attendees[EventId, attendeeKey]! with { CodeHash = secrets.Hash(theirs) });
        var store = new ActivatingCodeStore(codes);

        ResultAssert.Ok(await ReissueAsync(store));

        var ours = Assert.Single(codes.Added);
        Assert.Equal(CodeStatus.Activated, codes[ours.CodeHash]!.Status);
        Assert.DoesNotContain(audit.Records, r => r.CodeHash == ours.CodeHash);
    }

    [Fact]
    public async Task The_losers_code_that_keeps_changing_is_an_error()
    {
        var theirs = ConfirmationCode.Generate();
        var race = new CodeRace(codes, () => codes.Added[0].CodeHash, 10);

        codes.BeforeNextReplace = () =>
        {
            attendees.Put(attendees[EventId, attendeeKey]! with { CodeHash = secrets.Hash(theirs) });
            codes.BeforeNextReplace = race.Run;
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReissueAsync());

        Assert.Contains("kept changing", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, race.Landed);
        Assert.Empty(queue.Sent);
    }

    /// <summary>A code store whose first draws collide with a code another attendee holds.</summary>
    private sealed class CollidingCodeStore(InMemoryCodeStore inner, int collisions) : ICodeStore
    {
        public int Draws { get; private set; }

        public Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken) => inner.FindAsync(codeHash, cancellationToken);

        public Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken) =>
            ++Draws <= collisions ? Task.FromResult<IReadOnlyList<string>>([.. codes.Select(c => c.CodeHash)]) : inner.AddMissingAsync(codes, cancellationToken);

        public Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken) => inner.TryReplaceAsync(code, cancellationToken);
    }

    /// <summary>A code store where every code newly added is at once activated by a doctor (who was quicker than any revocation).</summary>
    private sealed class ActivatingCodeStore(InMemoryCodeStore inner) : ICodeStore
    {
        public Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken) => inner.FindAsync(codeHash, cancellationToken);

        public async Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken)
        {
            var collisions = await inner.AddMissingAsync(codes, cancellationToken);
            foreach (var code in codes)
            {
                inner.Put(code with { Status = CodeStatus.Activated, DoctorId = "d9", ActivatedAt = code.IssuedAt });
            }

            return collisions;
        }

        public Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken) => inner.TryReplaceAsync(code, cancellationToken);
    }
}
