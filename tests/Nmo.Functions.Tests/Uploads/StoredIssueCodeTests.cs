using Azure.Data.Tables;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Functions.Tests.EmailDelivery;
using Nmo.Testing;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Tests.Uploads;

/// <summary>Issue codes written before their spelling was settled (underscores) still read, from real tables.</summary>
public sealed class StoredIssueCodeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_upload_stored_with_old_issue_codes_shows_todays_codes_and_their_words()
    {
        await using var world = await DeliveryWorld.StartAsync(azurite);
        var (upload, _) = await world.SeedAsync(1);
        var tables = world.Get<StorageClients>();

        // As an older version wrote them: a row issue in UploadRows and a warning on the upload record.
        await tables.Table(StorageNames.Tables.UploadRows).UpsertEntityAsync(new TableEntity(upload.UploadId, "0000000007")
        {
            ["Line"] = 7,
            ["Column"] = "Фамилия",
            ["Kind"] = "Invalid",
            ["Code"] = "field.too_long",
            ["Args"] = """["200"]""",
        });
        var record = (await tables.Table(StorageNames.Tables.Uploads).GetEntityAsync<TableEntity>(upload.UploadId, "upload")).Value;
        record["Warnings"] = """[{"code":"file.record_too_large","args":["9"]}]""";
        await tables.Table(StorageNames.Tables.Uploads).UpdateEntityAsync(record, record.ETag);

        var issues = new List<Nmo.Core.Attendance.RowIssue>();
        await foreach (var issue in world.Get<IUploadStore>().ListIssuesAsync(upload.UploadId, CancellationToken.None))
        {
            issues.Add(issue);
        }

        var status = (await world.Get<UploadService>().GetStatusAsync(
            new ProviderRecord(upload.ProviderId, "Провайдер", "hash", DateTimeOffset.UtcNow), upload.UploadId, Language.Ru, CancellationToken.None)).Value;

        Assert.Equal("field.too-long", Assert.Single(issues).Code);
        var error = Assert.Single(status.Errors);
        Assert.Equal((7, "Фамилия", "значение длиннее 200 символов"), (error.Line, error.Column, error.Reason));
        Assert.Equal(["начиная со строки 9 файл нельзя разобрать на строки (не закрыта кавычка?)"], status.Warnings);
    }
}
