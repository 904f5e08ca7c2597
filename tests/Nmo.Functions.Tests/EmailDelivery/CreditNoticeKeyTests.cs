using Azure.Data.Tables;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>
/// A credit notice is sent once per ledger entry: its key belongs to one doctor and one entry only, although ids
/// may contain '-'; and a notice recorded under the key of before is still recognised.
/// </summary>
public sealed class CreditNoticeKeyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Two_doctors_whose_old_keys_were_the_same_each_get_their_notice()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite, new RecordingSender());
        var stem = "doc-" + Guid.NewGuid().ToString("N")[..8];

        // Old key of both: credit-<stem>-event-event-cardio.
        var first = await CreditAsync(world, stem + "-event", "cardio");
        var second = await CreditAsync(world, stem, "event-cardio");
        Assert.Equal(CreditNotifier.LegacyNoticeKey(first.DoctorId, first.EntryId), CreditNotifier.LegacyNoticeKey(second.DoctorId, second.EntryId));

        var notifier = world.Get<CreditNotifier>();
        await notifier.SendAsync(new CreditNoticeMessage(first.DoctorId, first.EntryId), CancellationToken.None);
        await notifier.SendAsync(new CreditNoticeMessage(second.DoctorId, second.EntryId), CancellationToken.None);

        Assert.Equal(2, world.Sender.SentKeys.Distinct().Count());
        Assert.NotNull((await world.Get<ILedgerStore>().FindAsync(second.DoctorId, second.EntryId, CancellationToken.None))!.NoticeSentAt);
    }

    [Fact]
    public async Task A_notice_sent_under_the_old_key_is_not_sent_again_when_its_message_comes_back()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite, new RecordingSender());
        var entry = await CreditAsync(world, "doc-" + Guid.NewGuid().ToString("N")[..8], "cardio", writtenBefore: true);
        var states = world.Get<IEmailStateStore>();
        var legacy = CreditNotifier.LegacyNoticeKey(entry.DoctorId, entry.EntryId);
        var claim = Assert.IsType<EmailClaimResult.Claimed>(await states.ClaimAsync(legacy, new EmailClaim(Ids.New("claim"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(-10)), CancellationToken.None));
        Assert.True(await states.RecordAsync(legacy, claim.ETag, EmailStatus.Sent, DateTimeOffset.UtcNow, null, CancellationToken.None));

        await world.Get<CreditNotifier>().SendAsync(new CreditNoticeMessage(entry.DoctorId, entry.EntryId), CancellationToken.None);

        Assert.Empty(world.Sender.SentKeys);
        Assert.Null(await states.FindAsync(CreditNotifier.NoticeKey(entry.DoctorId, entry.EntryId), CancellationToken.None));
        Assert.NotNull((await world.Get<ILedgerStore>().FindAsync(entry.DoctorId, entry.EntryId, CancellationToken.None))!.NoticeSentAt);
    }

    [Fact]
    public async Task An_entry_written_now_gets_its_notice_whatever_its_old_key_holds()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite, new RecordingSender());
        var entry = await CreditAsync(world, "doc-" + Guid.NewGuid().ToString("N")[..8], "cardio");
        var states = world.Get<IEmailStateStore>();

        // Under the old key, which another doctor's entry of before may share, a notice is recorded as sent.
        var legacy = CreditNotifier.LegacyNoticeKey(entry.DoctorId, entry.EntryId);
        var claim = Assert.IsType<EmailClaimResult.Claimed>(await states.ClaimAsync(legacy, new EmailClaim(Ids.New("claim"), DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(-10)), CancellationToken.None));
        Assert.True(await states.RecordAsync(legacy, claim.ETag, EmailStatus.Sent, DateTimeOffset.UtcNow, null, CancellationToken.None));

        await world.Get<CreditNotifier>().SendAsync(new CreditNoticeMessage(entry.DoctorId, entry.EntryId), CancellationToken.None);

        Assert.Equal([CreditNotifier.NoticeKey(entry.DoctorId, entry.EntryId)], world.Sender.SentKeys);
    }

    /// <param name="writtenBefore">Stored as the code of before stored it: without the entry's format.</param>
    private static async Task<LedgerEntry> CreditAsync(DeliveryWorld world, string doctorId, string activityId, bool writtenBefore = false)
    {
        var entry = new LedgerEntry(doctorId, LedgerEntry.IdFor("event", activityId), "event", activityId, "Школа кардиолога", "prv-test",
            "Общество кардиологов", new DateOnly(2026, 11, 20), 6, "hash", "ABCD-********", "doc@clinic.example", "ru", DateTimeOffset.UtcNow);
        await world.Get<ILedgerStore>().AddIfMissingAsync(entry, CancellationToken.None);
        if (writtenBefore)
        {
            var table = world.Get<StorageClients>().Table(StorageNames.Tables.Ledger);
            var stored = (await table.GetEntityAsync<TableEntity>(doctorId, entry.EntryId)).Value;
            Assert.True(stored.Remove("Format"));
            await table.UpdateEntityAsync(stored, stored.ETag, TableUpdateMode.Replace);
        }

        return entry;
    }
}
