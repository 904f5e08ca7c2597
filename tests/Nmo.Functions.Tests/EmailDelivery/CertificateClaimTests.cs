using Nmo.Core.Email;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Uploads;
using Nmo.Testing;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>A queue message delivered to two instances at once still sends every certificate and notice once.</summary>
public sealed class CertificateClaimTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_concurrent_deliveries_of_one_message_send_each_certificate_once(bool withBatch)
    {
        // Each send is held a moment, so the second delivery reads the attendees while the first is still sending.
        // With the processor's batch, the deliveries that read it before the first deleted it claim on the same
        // versions: storage grants each version to one of them.
        await using var world = await DeliveryWorld.StartAsync(azurite, new RecordingSender(TimeSpan.FromMilliseconds(300)));
        var (upload, attendees, message) = withBatch
            ? await world.SeedWithBatchAsync(250)
            : await SeedWithoutBatchAsync(world, 250);
        var mailer = world.Get<CertificateMailer>();

        // A delivery that finds certificates still being sent elsewhere leaves them to a later message and succeeds.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => mailer.SendAsync(message, CancellationToken.None))));

        Assert.Equal(250, world.Sender.SentKeys.Count);
        Assert.Equal(250, world.Sender.SentKeys.Distinct().Count());
        Assert.All(await world.ReadAsync(upload.EventId, attendees), a => Assert.Equal(EmailStatus.Sent, a.CertificateStatus));
        Assert.Equal(new EmailTally(250, 0), await world.Get<ICertificateStateStore>().TallyAsync(upload.EventId, upload.UploadId, CancellationToken.None));

        // That later message sends nothing.
        await mailer.SendAsync(message, CancellationToken.None);
        Assert.Equal(250, world.Sender.SentKeys.Count);
    }

    private static async Task<(UploadRecord, IReadOnlyList<AttendeeRecord>, CertificateEmailMessage)> SeedWithoutBatchAsync(DeliveryWorld world, int count)
    {
        var (upload, attendees) = await world.SeedAsync(count);
        return (upload, attendees, DeliveryWorld.MessageFor(upload, attendees));
    }

    [Fact]
    public async Task A_fresh_claim_of_another_sender_is_left_alone_and_a_stale_one_is_taken_over()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite);
        var (upload, attendees) = await world.SeedAsync(4);
        var states = world.Get<ICertificateStateStore>();
        var now = DateTimeOffset.UtcNow;

        // Another sender claimed the first two: one just now, one long ago (it died before recording anything).
        var fresh = await states.ClaimAsync(upload.EventId, [attendees[0].AttendeeKey], new EmailClaim("claim-other", now, now.AddMinutes(-10)), null, CancellationToken.None);
        var stale = await states.ClaimAsync(upload.EventId, [attendees[1].AttendeeKey], new EmailClaim("claim-dead", now.AddMinutes(-30), now.AddMinutes(-40)), null, CancellationToken.None);
        Assert.Single(fresh.Claimed);
        Assert.Single(stale.Claimed);

        var mailer = world.Get<CertificateMailer>();
        var message = DeliveryWorld.MessageFor(upload, attendees);
        await mailer.SendAsync(message, CancellationToken.None);

        var sent = world.Sender.SentKeys.ToHashSet();
        Assert.DoesNotContain(CertificateMailer.CertificateKey(attendees[0]), sent);
        Assert.Contains(CertificateMailer.CertificateKey(attendees[1]), sent);
        Assert.Equal(3, sent.Count);
        var stored = (await world.ReadAsync(upload.EventId, attendees)).ToDictionary(a => a.AttendeeKey);
        Assert.Equal(EmailStatus.Sending, stored[attendees[0].AttendeeKey].CertificateStatus);
        Assert.Equal(EmailStatus.Sent, stored[attendees[1].AttendeeKey].CertificateStatus);
    }

    [Fact]
    public async Task The_outcome_of_a_claim_taken_over_meanwhile_is_not_recorded()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite);
        var (upload, attendees) = await world.SeedAsync(2);
        var states = world.Get<ICertificateStateStore>();
        var now = DateTimeOffset.UtcNow;
        var first = await states.ClaimAsync(upload.EventId, [.. attendees.Select(a => a.AttendeeKey)], new EmailClaim("claim-a", now, now.AddMinutes(-10)), null, CancellationToken.None);
        Assert.Equal(2, first.Claimed.Count);

        // Much later the first claim is stale and another sender takes over one attendee.
        var later = now.AddMinutes(20);
        var second = await states.ClaimAsync(upload.EventId, [attendees[0].AttendeeKey], new EmailClaim("claim-b", later, later.AddMinutes(-10)), null, CancellationToken.None);
        Assert.Single(second.Claimed);

        var recorded = await states.RecordAsync(
            upload.EventId, upload.UploadId, "claim-a", [.. first.Claimed.Select(c => new CertificateOutcome(c, EmailStatus.Sent, now, null))], CancellationToken.None);
        Assert.Equal([attendees[1].AttendeeKey], recorded);
    }

    [Fact]
    public async Task Two_concurrent_deliveries_of_a_credit_notice_send_it_once()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite, new RecordingSender(TimeSpan.FromMilliseconds(300)));
        var doctorId = "doc-" + Guid.NewGuid().ToString("N")[..8];
        var entry = new LedgerEntry(doctorId, LedgerEntry.IdFor("event", "cardio"), "event", "cardio", "Школа кардиолога", "prv-test",
            "Общество кардиологов", new DateOnly(2026, 11, 20), 6, "hash", "ABCD-********", "doc@clinic.example", "ru", DateTimeOffset.UtcNow);
        await world.Get<ILedgerStore>().AddIfMissingAsync(entry, CancellationToken.None);
        var notifier = world.Get<CreditNotifier>();
        var message = new CreditNoticeMessage(doctorId, entry.EntryId);

        var runs = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            // A delivery that finds the claim held leaves the notice to a later message, which then finds it sent.
            await notifier.SendAsync(message, CancellationToken.None);
        }));
        await Task.WhenAll(runs);
        await notifier.SendAsync(message, CancellationToken.None);

        Assert.Single(world.Sender.SentKeys);
        var state = await world.Get<IEmailStateStore>().FindAsync(CreditNotifier.NoticeKey(doctorId, entry.EntryId), CancellationToken.None);
        Assert.Equal(EmailStatus.Sent, state!.Status);
        Assert.NotNull((await world.Get<ILedgerStore>().FindAsync(doctorId, entry.EntryId, CancellationToken.None))!.NoticeSentAt);
    }
}
