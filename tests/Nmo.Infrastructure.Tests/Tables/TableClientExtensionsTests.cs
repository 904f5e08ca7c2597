using Azure;
using Azure.Data.Tables;
using Nmo.Infrastructure.Tables;
using Nmo.Testing;

namespace Nmo.Infrastructure.Tests.Tables;

/// <summary>The table operations every store relies on, against Azurite: what is read, what wins a race, what is a conflict.</summary>
public sealed class TableClientExtensionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private TableClient table = null!;

    public async Task InitializeAsync()
    {
        table = new TableServiceClient(azurite.ConnectionString).GetTableClient("t" + Guid.NewGuid().ToString("N"));
        await table.CreateAsync();
    }

    public Task DisposeAsync() => table.DeleteAsync();

    // Checks read through the SDK itself, so each test stands on the one extension it is about.
    private async Task<TableEntity> StoredAsync(string partitionKey, string rowKey) =>
        (await table.GetEntityAsync<TableEntity>(partitionKey, rowKey)).Value;

    private async Task<bool> ExistsAsync(string partitionKey, string rowKey) =>
        (await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey)).HasValue;

    [Fact]
    public async Task Find_or_null_gives_the_stored_entity_and_null_for_keys_with_none()
    {
        await table.AddEntityAsync(new TableEntity("doctor-1", "entry-1") { ["Title"] = "Кардиология" });
        await table.AddEntityAsync(new TableEntity("doctor-1", "entry-2"));
        await table.DeleteEntityAsync("doctor-1", "entry-2");

        var found = await table.GetEntityOrNullAsync("doctor-1", "entry-1", CancellationToken.None);

        Assert.Equal("Кардиология", found?.GetString("Title"));
        Assert.NotEqual(default, found!.ETag);
        Assert.Null(await table.GetEntityOrNullAsync("doctor-1", "entry-9", CancellationToken.None));
        Assert.Null(await table.GetEntityOrNullAsync("doctor-9", "entry-1", CancellationToken.None));
        Assert.Null(await table.GetEntityOrNullAsync("doctor-1", "entry-2", CancellationToken.None));
    }

    [Fact]
    public async Task A_conditional_replace_loses_to_a_change_made_since_the_read_and_leaves_that_change()
    {
        await table.AddEntityAsync(new TableEntity("upload-1", "upload") { ["Status"] = "received" });
        var read = await StoredAsync("upload-1", "upload");

        // Another instance finishes the upload between our read and our write.
        var theirs = new TableEntity("upload-1", "upload") { ["Status"] = "completed" };
        Assert.True(await table.TryReplaceAsync(theirs, read.ETag, CancellationToken.None));

        var ours = new TableEntity("upload-1", "upload") { ["Status"] = "failed" };
        Assert.False(await table.TryReplaceAsync(ours, read.ETag, CancellationToken.None));
        var stored = await StoredAsync("upload-1", "upload");
        Assert.Equal("completed", stored.GetString("Status"));

        // Read again, the write goes through, and its answer carries the version now stored for the next write.
        var won = await table.TryUpdateAsync(ours, stored.ETag, TableUpdateMode.Merge, CancellationToken.None);
        Assert.NotNull(won);
        var now = await StoredAsync("upload-1", "upload");
        Assert.Equal("failed", now.GetString("Status"));
        Assert.Equal(now.ETag, won.Headers.ETag);
    }

    [Fact]
    public async Task Concurrent_read_modify_writes_through_the_conditional_replace_lose_no_update()
    {
        await table.AddEntityAsync(new TableEntity("throttle", "activation") { ["Count"] = 0 });

        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                while (true)
                {
                    var read = await StoredAsync("throttle", "activation");
                    var next = new TableEntity("throttle", "activation") { ["Count"] = read.GetInt32("Count")!.Value + 1 };
                    if (await table.TryReplaceAsync(next, read.ETag, CancellationToken.None))
                    {
                        break;
                    }
                }
            }
        }));
        await Task.WhenAll(writers);

        Assert.Equal(40, (await StoredAsync("throttle", "activation")).GetInt32("Count"));
    }

    [Fact]
    public async Task An_add_over_taken_keys_writes_nothing_and_says_so()
    {
        var first = await table.TryAddAsync(new TableEntity("content|E1", "hash") { ["UploadId"] = "first" }, CancellationToken.None);

        var second = await table.TryAddAsync(new TableEntity("content|E1", "hash") { ["UploadId"] = "second" }, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("first", (await StoredAsync("content|E1", "hash")).GetString("UploadId"));
    }

    [Fact]
    public async Task A_transaction_spanning_partitions_is_refused_before_it_is_sent_as_Azure_would_refuse_it()
    {
        // Azurite itself accepts this transaction; Azure answers 400. The helper refuses it everywhere alike.
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, new TableEntity("E1", "a1")),
            new(TableTransactionActionType.Add, new TableEntity("E2", "a1")),
        ];

        await Assert.ThrowsAsync<InvalidOperationException>(() => table.TrySubmitTransactionAsync(actions, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => table.SubmitInOnePartitionAsync(actions, CancellationToken.None));

        Assert.False(await ExistsAsync("E1", "a1"));
        Assert.False(await ExistsAsync("E2", "a1"));
    }

    [Fact]
    public async Task A_transaction_meeting_a_taken_key_is_a_conflict_and_writes_none_of_its_actions()
    {
        await table.AddEntityAsync(new TableEntity("E1", "a2") { ["FullName"] = "stored before" });
        TableTransactionAction[] actions = [.. new[] { "a1", "a2", "a3" }.Select(key =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("E1", key) { ["FullName"] = "new" }))];

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions));
        Assert.True(failure.IsConflict(), $"HTTP {failure.Status} ({failure.ErrorCode})");

        Assert.Null(await table.TrySubmitTransactionAsync(actions, CancellationToken.None));
        Assert.False(await ExistsAsync("E1", "a1"));
        Assert.False(await ExistsAsync("E1", "a3"));
        Assert.Equal("stored before", (await StoredAsync("E1", "a2")).GetString("FullName"));
    }

    [Fact]
    public async Task A_transaction_over_a_changed_entity_is_a_conflict_and_one_over_the_read_versions_goes_through()
    {
        await table.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("E1", "a1") { ["CertificateStatus"] = "queued" }),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("E1", "a2") { ["CertificateStatus"] = "queued" }),
        ]);
        TableEntity[] read = [await StoredAsync("E1", "a1"), await StoredAsync("E1", "a2")];
        TableTransactionAction[] Claim(IEnumerable<TableEntity> entities) => [.. entities.Select(e =>
            new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity("E1", e.RowKey) { ["CertificateStatus"] = "sending" }, e.ETag))];

        // Another sender claims a2 first.
        await table.UpdateEntityAsync(new TableEntity("E1", "a2") { ["CertificateStatus"] = "sent" }, read[1].ETag, TableUpdateMode.Merge);

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(Claim(read)));
        Assert.True(failure.IsConflict(), $"HTTP {failure.Status} ({failure.ErrorCode})");
        Assert.Null(await table.TrySubmitTransactionAsync(Claim(read), CancellationToken.None));
        Assert.Equal("queued", (await StoredAsync("E1", "a1")).GetString("CertificateStatus"));

        TableEntity[] fresh = [await StoredAsync("E1", "a1"), await StoredAsync("E1", "a2")];
        var responses = await table.TrySubmitTransactionAsync(Claim(fresh), CancellationToken.None);
        Assert.Equal(2, responses?.Count);
        Assert.Equal("sending", (await StoredAsync("E1", "a1")).GetString("CertificateStatus"));
        Assert.Equal("sending", (await StoredAsync("E1", "a2")).GetString("CertificateStatus"));
    }

    [Fact]
    public async Task A_failure_that_is_no_race_is_not_a_conflict_and_still_throws()
    {
        // Updating what is not there is a bug or a deletion, not another writer's win: it must not pass for a lost race.
        TableTransactionAction[] missing = [new(TableTransactionActionType.UpdateMerge, new TableEntity("E1", "nobody") { ["CertificateStatus"] = "sent" }, ETag.All)];

        var failure = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.TrySubmitTransactionAsync(missing, CancellationToken.None));
        Assert.False(failure.IsConflict(), $"HTTP {failure.Status} ({failure.ErrorCode})");

        var single = await Assert.ThrowsAsync<RequestFailedException>(() =>
            table.TryReplaceAsync(new TableEntity("E1", "nobody"), new ETag("W/\"datetime'2025-01-01T00%3A00%3A00Z'\""), CancellationToken.None));
        Assert.Equal(404, single.Status);
        Assert.False(single.IsConflict());
    }
}
