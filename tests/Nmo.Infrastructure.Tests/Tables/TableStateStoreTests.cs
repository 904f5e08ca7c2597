using Microsoft.Extensions.Configuration;
using Nmo.Core.Activations;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;
using Nmo.Testing;

namespace Nmo.Infrastructure.Tests.Tables;

/// <summary>
/// The e-mail claims and the activation throttle on Azurite: each write that decides who sends a notice, or whether a
/// doctor may try again, holds only over the version the writer knew.
/// </summary>
public sealed class TableStateStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private StorageClients clients = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = azurite.ConnectionString })
            .Build();
        clients = new StorageClients(configuration);
        await clients.EnsureCreatedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_notice_is_claimed_once_until_its_claim_goes_stale_and_never_after_it_is_sent()
    {
        var store = new TableEmailStateStore(clients);
        var key = "credit-" + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;

        var first = Assert.IsType<EmailClaimResult.Claimed>(await store.ClaimAsync(key, new EmailClaim("claim-a", now, now.AddMinutes(-10)), CancellationToken.None));
        Assert.IsType<EmailClaimResult.HeldElsewhere>(await store.ClaimAsync(key, new EmailClaim("claim-b", now, now.AddMinutes(-10)), CancellationToken.None));

        // Twenty minutes on, a sender that died with the claim no longer holds it.
        var later = now.AddMinutes(20);
        var second = Assert.IsType<EmailClaimResult.Claimed>(await store.ClaimAsync(key, new EmailClaim("claim-c", later, later.AddMinutes(-10)), CancellationToken.None));
        Assert.NotEqual(first.ETag, second.ETag);

        // The first sender's record is refused: its claim was taken over.
        Assert.False(await store.RecordAsync(key, first.ETag, EmailStatus.Sent, now, null, CancellationToken.None));
        Assert.True(await store.RecordAsync(key, second.ETag, EmailStatus.Sent, later, null, CancellationToken.None));

        var done = Assert.IsType<EmailClaimResult.Done>(await store.ClaimAsync(key, new EmailClaim("claim-d", later.AddHours(1), later), CancellationToken.None));
        Assert.Equal(EmailStatus.Sent, done.Status);
    }

    [Fact]
    public async Task Of_two_senders_claiming_a_new_notice_at_once_exactly_one_gets_it()
    {
        var store = new TableEmailStateStore(clients);
        for (var round = 0; round < 20; round++)
        {
            var key = "credit-" + Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow;
            var results = await Task.WhenAll(
                store.ClaimAsync(key, new EmailClaim("claim-a", now, now.AddMinutes(-10)), CancellationToken.None),
                store.ClaimAsync(key, new EmailClaim("claim-b", now, now.AddMinutes(-10)), CancellationToken.None));

            Assert.Single(results, r => r is EmailClaimResult.Claimed);
            Assert.Single(results, r => r is EmailClaimResult.HeldElsewhere);
        }
    }

    [Fact]
    public async Task The_throttle_state_is_saved_only_over_the_version_read_and_says_which_version_it_stored()
    {
        var store = new TableThrottleStore(clients);
        var doctor = "doc-" + Guid.NewGuid().ToString("N");
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

        var inserted = await store.TrySaveAsync(new ThrottleState(doctor, [at], null), CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(inserted));
        Assert.Null(await store.TrySaveAsync(new ThrottleState(doctor, [at], null), CancellationToken.None));

        var stored = await store.FindAsync(doctor, CancellationToken.None);
        Assert.Equal(inserted, stored!.ETag);
        Assert.Equal([at], stored.Failures);

        // The version a save reports is the one a later save can be made over, without reading in between.
        var replaced = await store.TrySaveAsync(stored with { Failures = [at, at.AddSeconds(1)] }, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(replaced));
        Assert.Null(await store.TrySaveAsync(stored with { Failures = [] }, CancellationToken.None));
        Assert.Equal([at, at.AddSeconds(1)], (await store.FindAsync(doctor, CancellationToken.None))!.Failures);
        Assert.NotNull(await store.TrySaveAsync(stored with { Failures = [], ETag = replaced }, CancellationToken.None));
        Assert.Null(await store.FindAsync(doctor, CancellationToken.None));
    }

    [Fact]
    public async Task A_cleared_throttle_count_leaves_nothing_stored_so_the_next_count_is_an_insert()
    {
        var store = new TableThrottleStore(clients);
        var doctor = "doc-" + Guid.NewGuid().ToString("N");
        var at = new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        var first = await store.TrySaveAsync(new ThrottleState(doctor, [at], null), CancellationToken.None);

        Assert.Equal(string.Empty, await store.TrySaveAsync(new ThrottleState(doctor, [], first), CancellationToken.None));

        // Gone: a count over the old version lost its race (another attempt's success cleared it), clearing it
        // again has nothing left to do, and a new count is an insert.
        Assert.Null(await store.FindAsync(doctor, CancellationToken.None));
        Assert.Null(await store.TrySaveAsync(new ThrottleState(doctor, [at, at.AddSeconds(1)], first), CancellationToken.None));
        Assert.Equal(string.Empty, await store.TrySaveAsync(new ThrottleState(doctor, [], first), CancellationToken.None));
        var second = await store.TrySaveAsync(new ThrottleState(doctor, [at.AddMinutes(1)], null), CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(second));

        // A clear over a version that is no longer the stored one deletes nothing.
        Assert.Null(await store.TrySaveAsync(new ThrottleState(doctor, [], first), CancellationToken.None));
        Assert.Equal([at.AddMinutes(1)], (await store.FindAsync(doctor, CancellationToken.None))!.Failures);
    }
}
