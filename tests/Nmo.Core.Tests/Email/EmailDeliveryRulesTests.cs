using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Nmo.Core.Attendance;
using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Tests.Common;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Email;

public sealed class EmailDeliveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("queued", null, true)]
    [InlineData("sending", -1, false)]
    [InlineData("sending", -11, true)]
    [InlineData("sent", null, false)]
    [InlineData("failed", null, false)]
    [InlineData("delivered", null, false)]
    [InlineData("bounced", null, false)]
    public void A_claim_takes_queued_e_mails_and_stale_claims_only(string status, int? claimedMinutesAgo, bool expected)
    {
        var claim = new EmailClaim("claim-1", Now, Now.AddMinutes(-10));
        Assert.Equal(expected, claim.CanTake(status, claimedMinutesAgo is { } m ? Now.AddMinutes(m) : null));
    }

    [Theory]
    [InlineData("cardio-2026")]
    [InlineData("a")]
    [InlineData("school.of_cardio-2026-11")]
    public void A_certificate_key_reads_back_to_its_event_and_attendee(string eventId)
    {
        const string attendeeKey = "0123456789abcdef0123456789abcdef";
        var key = CertificateMailer.CertificateKey(eventId, attendeeKey, "9f86d081884c7d659a2feaa0c55ad015");

        Assert.True(CertificateMailer.TryParseKey(key, out var parsedEvent, out var parsedAttendee, out var codeHashPrefix));
        Assert.Equal(eventId, parsedEvent);
        Assert.Equal(attendeeKey, parsedAttendee);
        Assert.Equal("9f86d081884c", codeHashPrefix);
    }

    [Theory]
    [InlineData("credit-doc-1-event-cardio")]
    [InlineData("cert-")]
    [InlineData("cert-onlyevent")]
    [InlineData("cert-ev-")]
    [InlineData("cert-ev-0123456789abcdef0123456789abcdef")]
    [InlineData("cert-ev-0123456789abcdef0123456789abcdef-")]
    [InlineData("cert-ev-bad!key-9f86d081884c")]
    [InlineData("cert-bad!event-0123456789abcdef0123456789abcdef-9f86d081884c")]
    [InlineData(null)]
    public void Other_keys_are_not_certificate_keys(string? key)
    {
        Assert.False(CertificateMailer.TryParseKey(key, out var eventId, out var attendeeKey, out _));

        // A key refused before its parts were read says nothing of them.
        if (key is null || !key.Contains('!', StringComparison.Ordinal))
        {
            Assert.Equal((string.Empty, string.Empty), (eventId, attendeeKey));
        }
    }

    [Theory]
    [InlineData("sent", "delivered", true)]
    [InlineData("sending", "delivered", true)]
    [InlineData("delivered", "delivered", false)]
    [InlineData("bounced", "delivered", false)]
    [InlineData("queued", "delivered", false)]
    [InlineData("delivered", "bounced", true)]
    [InlineData("bounced", "bounced", false)]
    [InlineData("failed", "bounced", false)]
    [InlineData("sent", "dropped", true)]
    [InlineData("delivered", "spamreport", true)]
    [InlineData("spamreport", "bounced", false)]
    public void Webhook_states_only_move_forward(string current, string next, bool expected) =>
        Assert.Equal(expected, DeliveryReportService.Moves(current, next));

    [Fact]
    public void Codes_and_addresses_inside_free_text_are_masked()
    {
        var text = LogMask.Redact("""{"email":"ivanov@clinic.example","code":"K7QX-4HMN2P9R","hash":"0123456789abcdef0123456789abcdef"}""");

        Assert.Equal("""{"email":"i***@c***.example","code":"K7QX-********","hash":"0123456789abcdef0123456789abcdef"}""", text);
    }

    [Theory]
    [InlineData(false, "sig", "1000", 503)]
    [InlineData(true, null, "1000", 401)]
    [InlineData(true, "sig", "", 401)]
    [InlineData(true, "wrong", "1000", 403)]
    [InlineData(true, "sig", "699", 403)]             // signed 5 min + 1 s before the clock
    [InlineData(true, "sig", "1301", 403)]            // 5 min + 1 s after
    [InlineData(true, "sig", "99999999999999999999", 403)]
    [InlineData(true, "sig", "12.5", 403)]
    public async Task The_webhook_refuses_calls_it_cannot_trust(bool configured, string? signature, string timestamp, int status)
    {
        var service = Webhook(configured);

        var outcome = await service.HandleAsync("[]", signature, timestamp, Language.En, CancellationToken.None);

        Assert.Equal(status, ResultAssert.Problem(outcome).Status);
    }

    [Theory]
    [InlineData("699", "email-events.stale")]
    [InlineData("700", null)] // exactly 5 min before: still accepted
    [InlineData("1300", null)]
    [InlineData("1301", "email-events.stale")]
    public async Task A_signed_call_is_accepted_only_within_five_minutes_of_its_timestamp(string timestamp, string? problem)
    {
        var outcome = await Webhook(true).HandleAsync("[]", "sig", timestamp, Language.En, CancellationToken.None);

        if (problem is null)
        {
            Assert.True(outcome.IsOk, outcome.ToString());
        }
        else
        {
            Assert.Equal(problem, ResultAssert.Problem(outcome).Code);
        }
    }

    [Fact]
    public async Task A_signed_body_that_is_not_an_event_array_is_a_bad_request()
    {
        var outcome = await Webhook(true).HandleAsync("""{"event":"delivered"}""", "sig", "1000", Language.Ru, CancellationToken.None);

        Assert.Equal(400, ResultAssert.Problem(outcome).Status);
    }

    [Fact]
    public async Task Certificates_a_throttled_send_did_not_deliver_are_released_for_the_retry()
    {
        var attendee = new AttendeeRecord("ev-1", "0123456789abcdef0123456789abcdef", "upl-1", 2, "Иванов Иван", "ivanov@clinic.example", "ru",
            "protected", "hash", Now, EmailStatus.Sending);
        var claimed = new ClaimedCertificate(attendee, "etag-1");
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), It.IsAny<IReadOnlyCollection<AttendeeVersion>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CertificateClaimResult([claimed], []));
        IReadOnlyList<CertificateOutcome>? recorded = null;
        states.Setup(s => s.RecordAsync("ev-1", "upl-1", It.IsAny<string>(), It.IsAny<IReadOnlyList<CertificateOutcome>>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, string, IReadOnlyList<CertificateOutcome>, CancellationToken>((_, _, _, o, _) => recorded = o)
            .ReturnsAsync((string _, string _, string _, IReadOnlyList<CertificateOutcome> o, CancellationToken _) => [.. o.Select(x => x.Claimed.Attendee.AttendeeKey)]);
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((EmailBatch b, CancellationToken _) => new EmailSendResult([], [.. b.Recipients.Select(r => new EmailFailure(r.Key, "SendGrid answered HTTP 429.", Permanent: false))]));
        var mailer = Mailer(states.Object, sender.Object);

        await Assert.ThrowsAsync<EmailDeliveryException>(() => mailer.SendAsync(new CertificateEmailMessage("upl-1", "ev-1", [attendee.AttendeeKey]), CancellationToken.None));

        var outcome = Assert.Single(recorded!);
        Assert.Equal(EmailStatus.Queued, outcome.Status);
    }

    [Fact]
    public async Task Certificates_another_delivery_holds_wait_in_their_own_message_until_that_claim_is_stale()
    {
        var free = new AttendeeRecord("ev-1", "0123456789abcdef0123456789abcdef", "upl-1", 2, "Иванов Иван", "ivanov@clinic.example", "ru",
            "protected", "hash", Now, EmailStatus.Sending, CertificateId: "cert-1");
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), It.IsAny<IReadOnlyCollection<AttendeeVersion>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CertificateClaimResult([new ClaimedCertificate(free, "etag-1")], ["held-1", "held-2"]));
        states.Setup(s => s.RecordAsync("ev-1", "upl-1", It.IsAny<string>(), It.IsAny<IReadOnlyList<CertificateOutcome>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string _, string _, IReadOnlyList<CertificateOutcome> o, CancellationToken _) => [.. o.Select(x => x.Claimed.Attendee.AttendeeKey)]);
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((EmailBatch b, CancellationToken _) => new EmailSendResult([.. b.Recipients.Select(r => r.Key)], []));
        var queue = new Mock<IMessageQueue>();
        var delivery = new EmailDeliveryOptions { ClaimTimeout = TimeSpan.FromMinutes(10) };

        // The batch is of no use to the later message: its versions are no longer the stored ones, and it is gone.
        await Mailer(states.Object, sender.Object, queue.Object, delivery).SendAsync(
            new CertificateEmailMessage("upl-1", "ev-1", [free.AttendeeKey, "held-1", "held-2"], "batch-1"), CancellationToken.None);

        queue.Verify(q => q.SendAsync(
            StorageNames.Queues.Certificates,
            It.Is<CertificateEmailMessage>(m => m.UploadId == "upl-1" && m.EventId == "ev-1" && m.AttendeeKeys.SequenceEqual(new[] { "held-1", "held-2" }) && m.Batch == null),
            It.Is<TimeSpan>(d => d > delivery.ClaimTimeout && d <= delivery.ClaimTimeout + TimeSpan.FromSeconds(5)),
            It.IsAny<CancellationToken>()), Times.Once);
        sender.Verify(s => s.SendAsync(It.Is<EmailBatch>(b => b.Recipients.Count == 1), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_versions_of_the_messages_batch_go_to_the_claim_and_the_batch_is_deleted_once_claimed()
    {
        var attendee = new AttendeeRecord("ev-1", "0123456789abcdef0123456789abcdef", "upl-1", 2, "Иванов Иван", "ivanov@clinic.example", "ru",
            "protected", "hash", Now, EmailStatus.Queued, CertificateId: "cert-1");
        IReadOnlyList<AttendeeVersion> versions = [new AttendeeVersion(attendee, "etag-0")];
        var steps = new List<string>();
        var batches = new Mock<ICertificateBatchStore>();
        batches.Setup(b => b.ReadAsync("batch-1", It.IsAny<CancellationToken>())).ReturnsAsync(versions);
        batches.Setup(b => b.DeleteAsync("batch-1", It.IsAny<CancellationToken>())).Callback(() => steps.Add("delete")).Returns(Task.CompletedTask);
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), versions, It.IsAny<CancellationToken>()))
            .Callback(() => steps.Add("claim"))
            .ReturnsAsync(new CertificateClaimResult([new ClaimedCertificate(attendee with { CertificateStatus = EmailStatus.Sending }, "etag-1")], []));
        states.Setup(s => s.RecordAsync("ev-1", "upl-1", It.IsAny<string>(), It.IsAny<IReadOnlyList<CertificateOutcome>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string _, string _, IReadOnlyList<CertificateOutcome> o, CancellationToken _) => [.. o.Select(x => x.Claimed.Attendee.AttendeeKey)]);
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()))
            .Callback(() => steps.Add("send"))
            .ReturnsAsync((EmailBatch b, CancellationToken _) => new EmailSendResult([.. b.Recipients.Select(r => r.Key)], []));

        var queue = new Mock<IMessageQueue>();

        await Mailer(states.Object, sender.Object, queue.Object, new EmailDeliveryOptions(), batches.Object).SendAsync(
            new CertificateEmailMessage("upl-1", "ev-1", [attendee.AttendeeKey], "batch-1"), CancellationToken.None);

        Assert.Equal(["claim", "delete", "send"], steps);

        // Nothing was held elsewhere, so no later message is queued.
        queue.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Without_a_batch_or_with_one_gone_the_claim_reads_and_nothing_is_deleted()
    {
        var batches = new Mock<ICertificateBatchStore>();
        batches.Setup(b => b.ReadAsync("batch-gone", It.IsAny<CancellationToken>())).ReturnsAsync((IReadOnlyList<AttendeeVersion>?)null);
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CertificateClaimResult([], []));
        var mailer = Mailer(states.Object, Mock.Of<IEmailSender>(), Mock.Of<IMessageQueue>(), new EmailDeliveryOptions(), batches.Object);

        await mailer.SendAsync(new CertificateEmailMessage("upl-1", "ev-1", ["0123456789abcdef0123456789abcdef"], "batch-gone"), CancellationToken.None);
        await mailer.SendAsync(new CertificateEmailMessage("upl-1", "ev-1", ["0123456789abcdef0123456789abcdef"]), CancellationToken.None);

        states.Verify(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), null, It.IsAny<CancellationToken>()), Times.Exactly(2));
        batches.Verify(b => b.ReadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
        batches.Verify(b => b.DeleteAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_message_whose_certificates_another_delivery_holds_is_deferred_whole_and_sends_nothing()
    {
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), It.IsAny<IReadOnlyCollection<AttendeeVersion>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CertificateClaimResult([], ["held-1"]));
        var sender = new Mock<IEmailSender>();
        var queue = new Mock<IMessageQueue>();

        await Mailer(states.Object, sender.Object, queue.Object, new EmailDeliveryOptions()).SendAsync(
            new CertificateEmailMessage("upl-1", "ev-1", ["held-1"]), CancellationToken.None);

        queue.Verify(q => q.SendAsync(
            StorageNames.Queues.Certificates, It.Is<CertificateEmailMessage>(m => m.AttendeeKeys.SequenceEqual(new[] { "held-1" })), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()),
            Times.Once);
        sender.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_delivery_claims_as_of_now_and_takes_over_only_claims_older_than_the_claim_timeout()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        EmailClaim? used = null;
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), It.IsAny<IReadOnlyCollection<AttendeeVersion>?>(), It.IsAny<CancellationToken>()))
            .Callback<string, IReadOnlyList<string>, EmailClaim, IReadOnlyCollection<AttendeeVersion>?, CancellationToken>((_, _, c, _, _) => used = c)
            .ReturnsAsync(new CertificateClaimResult([], []));
        var delivery = new EmailDeliveryOptions { ClaimTimeout = TimeSpan.FromMinutes(10) };

        await Mailer(states.Object, Mock.Of<IEmailSender>(), Mock.Of<IMessageQueue>(), delivery, time: clock).SendAsync(
            new CertificateEmailMessage("upl-1", "ev-1", ["key-1"]), CancellationToken.None);

        Assert.NotNull(used);
        Assert.Equal((Now, Now.AddMinutes(-10)), (used.ClaimedAt, used.StaleBefore));
        Assert.StartsWith("claim-", used.ClaimId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_refused_for_good_is_recorded_failed_and_its_reason_shown_on_its_line()
    {
        var attendee = new AttendeeRecord("ev-1", "0123456789abcdef0123456789abcdef", "upl-1", 7, "Иванов Иван", "ivanov@clinic.example", "ru",
            "protected", "hash", Now, EmailStatus.Sending, CertificateId: "cert-1");
        var states = new Mock<ICertificateStateStore>();
        states.Setup(s => s.ClaimAsync("ev-1", It.IsAny<IReadOnlyList<string>>(), It.IsAny<EmailClaim>(), It.IsAny<IReadOnlyCollection<AttendeeVersion>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CertificateClaimResult([new ClaimedCertificate(attendee, "etag-1")], []));
        IReadOnlyList<CertificateOutcome>? recorded = null;
        states.Setup(s => s.RecordAsync("ev-1", "upl-1", It.IsAny<string>(), It.IsAny<IReadOnlyList<CertificateOutcome>>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, string, IReadOnlyList<CertificateOutcome>, CancellationToken>((_, _, _, o, _) => recorded = o)
            .ReturnsAsync((string _, string _, string _, IReadOnlyList<CertificateOutcome> o, CancellationToken _) => [.. o.Select(x => x.Claimed.Attendee.AttendeeKey)]);
        var sender = new Mock<IEmailSender>();
        sender.Setup(s => s.SendAsync(It.IsAny<EmailBatch>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((EmailBatch b, CancellationToken _) => new EmailSendResult([], [.. b.Recipients.Select(r => new EmailFailure(r.Key, "Invalid address.", Permanent: true))]));
        var uploads = new Mock<IUploadStore>();
        IReadOnlyList<RowIssue>? shown = null;
        uploads.Setup(u => u.AddIssuesAsync("upl-1", It.IsAny<IReadOnlyList<RowIssue>>(), It.IsAny<CancellationToken>()))
            .Callback<string, IReadOnlyList<RowIssue>, CancellationToken>((_, i, _) => shown = i)
            .Returns(Task.CompletedTask);

        await Mailer(states.Object, sender.Object, Mock.Of<IMessageQueue>(), new EmailDeliveryOptions(), uploads: uploads.Object).SendAsync(
            new CertificateEmailMessage("upl-1", "ev-1", [attendee.AttendeeKey]), CancellationToken.None);

        var outcome = Assert.Single(recorded!);
        Assert.Equal((EmailStatus.Failed, "Invalid address."), (outcome.Status, outcome.Error));
        var line = Assert.Single(shown!);
        Assert.Equal((7, UploadEmailReport.FailedCode), (line.Line, line.Code));
    }

    private static CertificateMailer Mailer(ICertificateStateStore states, IEmailSender sender) =>
        Mailer(states, sender, Mock.Of<IMessageQueue>(), new EmailDeliveryOptions());

    private static CertificateMailer Mailer(
        ICertificateStateStore states, IEmailSender sender, IMessageQueue queue, EmailDeliveryOptions delivery, ICertificateBatchStore? batches = null,
        IUploadStore? uploads = null, TimeProvider? time = null)
    {
        var events = new Mock<IEventStore>();
        events.Setup(e => e.FindAsync("ev-1", It.IsAny<CancellationToken>())).ReturnsAsync(
            new EventRecord("ev-1", "prv-1", "Провайдер", "Школа", "event", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null, Now));
        var protector = new Mock<ICodeProtector>();
        protector.Setup(p => p.Unprotect(It.IsAny<string>())).Returns("K7QX-4HMN2P9R");
        return new CertificateMailer(
            events.Object, states, batches ?? Mock.Of<ICertificateBatchStore>(),
            new CertificateIssuer(Mock.Of<ICertificateStore>(), Mock.Of<IAttendeeStore>(), new CodeSecrets(new string('k', 32)), new CertificateOptions { PublicBaseUrl = "https://nmo.example" }),
            new UploadEmailReport(uploads ?? Mock.Of<IUploadStore>()), protector.Object, new EmailTemplates(), sender, queue,
            new EmailOptions(), delivery, time ?? TimeProvider.System, NullLogger<CertificateMailer>.Instance);
    }

    /// <summary>The unit tests' clock, in Unix seconds: "1000" is a fresh timestamp.</summary>
    private const long SignedAt = 1000;

    private static DeliveryReportService Webhook(bool configured)
    {
        var signature = new Mock<IDeliveryReportSignature>();
        signature.SetupGet(s => s.IsConfigured).Returns(configured);
        signature.Setup(s => s.Verify(It.IsAny<string>(), "sig", It.IsAny<string>())).Returns(true);
        return new DeliveryReportService(
            signature.Object, Mock.Of<ICertificateStateStore>(), Mock.Of<IEmailStateStore>(), new UploadEmailReport(Mock.Of<IUploadStore>()),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(SignedAt)), NullLogger<DeliveryReportService>.Instance);
    }
}
