using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Nmo.Core.Audit;
using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Core.Tests.Common;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Codes;

public sealed class CodeReissueServiceTests
{
    private const string EventId = "cardio-2026";
    private const string Email = "antonov@clinic.example";

    private static readonly ProviderRecord Provider = new("prv-1", "Общество кардиологов", "hash", DateTimeOffset.UnixEpoch);
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private readonly CodeSecrets secrets = new("reissue-tests-key-0123456789abcdef");
    private readonly Mock<IEventStore> events = new();
    private readonly Mock<IAttendeeStore> attendees = new();
    private readonly Mock<ICertificateStore> certificates = new();
    private readonly Mock<ICodeStore> codes = new();
    private readonly Mock<IMessageQueue> queue = new();
    private readonly List<CodeRecord> added = [];
    private readonly List<CodeRecord> replaced = [];
    private readonly List<(string ProtectedCode, string CodeHash)> attendeeCodes = [];
    private readonly List<CertificateUpdate> certificateUpdates = [];
    private readonly List<CertificateEmailMessage> messages = [];
    private readonly List<CertificateRecord> savedCertificates = [];
    private readonly List<string> attendeeCertificateIds = [];
    private readonly string oldCode = ConfirmationCode.Generate();
    private readonly string attendeeKey = Ids.Digest(Email);

    public CodeReissueServiceTests()
    {
        events.Setup(e => e.FindAsync(EventId, It.IsAny<CancellationToken>())).ReturnsAsync(new EventRecord(
            EventId, Provider.ProviderId, Provider.Name, "Школа кардиолога", ActivityKinds.Event, new DateOnly(2026, 11, 20),
            new DateOnly(2026, 11, 21), "Москва", 6, null, Now));
        attendees.Setup(a => a.GetManyAsync(EventId, It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, IReadOnlyList<string> keys, CancellationToken _) =>
                keys.Contains(attendeeKey) ? [Attendee()] : []);
        attendees.Setup(a => a.TryReplaceCodeAsync(EventId, attendeeKey, It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, string _, string protectedCode, string hash, CancellationToken _) => attendeeCodes.Add((protectedCode, hash)))
            .ReturnsAsync(true);
        attendees.Setup(a => a.SetCertificateIdAsync(EventId, attendeeKey, It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, string id, CancellationToken _) => attendeeCertificateIds.Add(id))
            .Returns(Task.CompletedTask);
        certificates.Setup(c => c.SaveAsync(It.IsAny<IReadOnlyList<CertificateRecord>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<CertificateRecord> saved, CancellationToken _) => savedCertificates.AddRange(saved))
            .Returns(Task.CompletedTask);
        attendees.Setup(a => a.UpdateCertificatesAsync(EventId, It.IsAny<IReadOnlyList<CertificateUpdate>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, IReadOnlyList<CertificateUpdate> updates, CancellationToken _) => certificateUpdates.AddRange(updates))
            .Returns(Task.CompletedTask);
        codes.Setup(c => c.AddMissingAsync(It.IsAny<IReadOnlyList<CodeRecord>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<CodeRecord> records, CancellationToken _) => added.AddRange(records))
            .ReturnsAsync([]);
        codes.Setup(c => c.TryReplaceAsync(It.IsAny<CodeRecord>(), It.IsAny<CancellationToken>()))
            .Callback((CodeRecord record, CancellationToken _) => replaced.Add(record))
            .ReturnsAsync(true);
        queue.Setup(q => q.SendAsync(StorageNames.Queues.Certificates, It.IsAny<CertificateEmailMessage>(), It.IsAny<CancellationToken>()))
            .Callback((string _, CertificateEmailMessage message, CancellationToken _) => messages.Add(message))
            .Returns(Task.CompletedTask);
    }

    private string OldHash => secrets.Hash(oldCode);

    private AttendeeRecord Attendee() => new(
        EventId, attendeeKey, "upl-1", 2, "Антонов Андрей", Email, "ru", secrets.Protect(oldCode), OldHash, Now.AddDays(-3),
        CertificateStatus.Sent, Now.AddDays(-3));

    private CodeRecord StoredCode(string status, string? doctorId = null) =>
        new(OldHash, EventId, attendeeKey, status, doctorId, Now.AddDays(-3), doctorId is null ? null : Now.AddDays(-1), "etag-1");

    private CodeReissueService Service() => new(
        events.Object, attendees.Object, codes.Object, certificates.Object, secrets, secrets, queue.Object, Mock.Of<IAuditLog>(), new FakeTimeProvider(Now),
        NullLogger<CodeReissueService>.Instance);

    private Task<Result<ReissueResult>> ReissueAsync(string? email = Email, Language language = Language.Ru, ProviderRecord? provider = null) =>
        Service().ReissueAsync(provider ?? Provider, EventId, new ReissueRequest(email), language, CancellationToken.None);

    private void NothingWritten()
    {
        Assert.Empty(replaced);
        Assert.Empty(added);
        Assert.Empty(attendeeCodes);
        Assert.Empty(certificateUpdates);
        Assert.Empty(messages);
        Assert.Empty(savedCertificates);
    }

    [Fact]
    public async Task Revokes_the_old_code_stores_a_new_one_and_queues_a_certificate_with_it()
    {
        codes.Setup(c => c.FindAsync(OldHash, It.IsAny<CancellationToken>())).ReturnsAsync(StoredCode(CodeStatus.Issued));

        var outcome = await ReissueAsync();

        var result = ResultAssert.Ok(outcome);
        Assert.Equal(CertificateStatus.Queued, result.CertificateStatus);

        var revoked = Assert.Single(replaced);
        Assert.Equal((OldHash, CodeStatus.Revoked, "etag-1"), (revoked.CodeHash, revoked.Status, revoked.ETag));

        var stored = Assert.Single(added);
        Assert.Equal((EventId, attendeeKey, CodeStatus.Issued), (stored.EventId, stored.AttendeeKey, stored.Status));
        Assert.NotEqual(OldHash, stored.CodeHash);

        // The attendee now holds the new code, readable for the certificate and matching the stored hash.
        var (protectedCode, hash) = Assert.Single(attendeeCodes);
        Assert.Equal(stored.CodeHash, hash);
        var newCode = secrets.Unprotect(protectedCode);
        Assert.True(ConfirmationCode.Parse(newCode).IsValid);
        Assert.Equal(hash, secrets.Hash(newCode));
        Assert.NotEqual(oldCode, newCode);

        // A new certificate carries the new code, and the attendee points at it: the old certificate's page can name it.
        var certificate = Assert.Single(savedCertificates);
        Assert.Equal((EventId, attendeeKey, hash, "Антонов Андрей"), (certificate.EventId, certificate.AttendeeKey, certificate.CodeHash, certificate.HolderName));
        Assert.True(CertificateIds.IsWellFormed(certificate.CertificateId));
        Assert.Equal(certificate.CertificateId, Assert.Single(attendeeCertificateIds));

        Assert.Equal(new CertificateUpdate(attendeeKey, CertificateStatus.Queued, null, null), Assert.Single(certificateUpdates));
        var message = Assert.Single(messages);
        Assert.Equal(EventId, message.EventId);
        Assert.Equal([attendeeKey], message.AttendeeKeys);
        Assert.NotEqual("upl-1", message.UploadId);
    }

    [Fact]
    public async Task The_attendee_is_found_by_the_address_whatever_its_case_and_spaces()
    {
        codes.Setup(c => c.FindAsync(OldHash, It.IsAny<CancellationToken>())).ReturnsAsync(StoredCode(CodeStatus.Issued));

        var outcome = await ReissueAsync("  Antonov@Clinic.EXAMPLE ");

        ResultAssert.Ok(outcome);
        Assert.Equal([attendeeKey], Assert.Single(messages).AttendeeKeys);
    }

    [Theory]
    [InlineData(Language.Ru, "уже активирован")]
    [InlineData(Language.En, "already activated")]
    public async Task An_activated_code_is_refused_with_409_and_nothing_changes(Language language, string expected)
    {
        codes.Setup(c => c.FindAsync(OldHash, It.IsAny<CancellationToken>())).ReturnsAsync(StoredCode(CodeStatus.Activated, "doc-1"));

        var problem = ResultAssert.Problem(await ReissueAsync(language: language));

        Assert.Equal(409, problem.Status);
        Assert.Equal("reissue.already-activated", problem.Code);
        Assert.Contains(expected, problem.Detail, StringComparison.Ordinal);
        NothingWritten();
    }

    [Fact]
    public async Task An_activation_that_wins_the_race_against_the_revocation_is_kept()
    {
        codes.SetupSequence(c => c.FindAsync(OldHash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(StoredCode(CodeStatus.Issued))
            .ReturnsAsync(StoredCode(CodeStatus.Activated, "doc-1") with { ETag = "etag-2" });
        codes.Setup(c => c.TryReplaceAsync(It.IsAny<CodeRecord>(), It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var problem = ResultAssert.Problem(await ReissueAsync());

        Assert.Equal(409, problem.Status);
        Assert.Empty(added);
        Assert.Empty(attendeeCodes);
        Assert.Empty(messages);
    }

    [Fact]
    public async Task A_request_that_stopped_after_revoking_is_completed_by_the_next_one()
    {
        codes.Setup(c => c.FindAsync(OldHash, It.IsAny<CancellationToken>())).ReturnsAsync(StoredCode(CodeStatus.Revoked));

        var outcome = await ReissueAsync();

        ResultAssert.Ok(outcome);
        Assert.Empty(replaced);
        Assert.Single(added);
        Assert.Single(attendeeCodes);
        Assert.Single(messages);
    }

    [Fact]
    public async Task A_new_code_that_collides_with_a_stored_one_is_drawn_again()
    {
        codes.Setup(c => c.FindAsync(OldHash, It.IsAny<CancellationToken>())).ReturnsAsync(StoredCode(CodeStatus.Issued));
        codes.Setup(c => c.AddMissingAsync(It.IsAny<IReadOnlyList<CodeRecord>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((IReadOnlyList<CodeRecord> records, CancellationToken _) =>
            {
                added.AddRange(records);
                return added.Count == 1 ? [records[0].CodeHash] : [];
            });

        ResultAssert.Ok(await ReissueAsync());

        Assert.Equal(2, added.Count);
        Assert.NotEqual(added[0].CodeHash, added[1].CodeHash);
        Assert.Equal(added[1].CodeHash, Assert.Single(attendeeCodes).CodeHash);
    }

    [Fact]
    public async Task An_unknown_attendee_is_404_in_the_callers_language()
    {
        var ru = ResultAssert.Problem(await ReissueAsync("nobody@clinic.example"));
        var en = ResultAssert.Problem(await ReissueAsync("nobody@clinic.example", Language.En));

        Assert.Equal((404, "reissue.attendee-not-found"), (ru.Status, ru.Code));
        Assert.Contains("не найден", ru.Detail, StringComparison.Ordinal);
        Assert.Contains("No attendee", en.Detail, StringComparison.Ordinal);
        NothingWritten();
    }

    [Fact]
    public async Task Another_providers_event_is_reported_as_not_found()
    {
        var stranger = Provider with { ProviderId = "prv-2" };

        var problem = ResultAssert.Problem(await ReissueAsync(provider: stranger));

        Assert.Equal((404, "event.not-found"), (problem.Status, problem.Code));
        attendees.Verify(a => a.GetManyAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<CancellationToken>()), Times.Never);
        NothingWritten();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    [InlineData("no-at-sign")]
    [InlineData("antonov@clinic")]
    [InlineData("antonov@clinic.exаmple")]
    public async Task A_missing_or_invalid_address_is_400(string? email)
    {
        var problem = ResultAssert.Problem(await ReissueAsync(email));

        Assert.Equal((400, "email.invalid"), (problem.Status, problem.Code));
        NothingWritten();
    }

    [Fact]
    public void A_reissued_certificate_has_a_new_e_mail_key_and_a_resent_one_keeps_its_key()
    {
        var first = Attendee();
        var resent = first with { CertificateStatus = CertificateStatus.Queued };
        var reissued = first with { CodeHash = secrets.Hash(ConfirmationCode.Generate()) };

        Assert.Equal(CertificateMailer.CertificateKey(first), CertificateMailer.CertificateKey(resent));
        Assert.NotEqual(CertificateMailer.CertificateKey(first), CertificateMailer.CertificateKey(reissued));
        Assert.DoesNotContain(first.CodeHash, CertificateMailer.CertificateKey(first), StringComparison.Ordinal);
    }
}
