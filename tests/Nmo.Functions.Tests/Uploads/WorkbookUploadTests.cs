using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Uploads;
using Nmo.Testing;
using static Nmo.Functions.Tests.Uploads.Uploads;

namespace Nmo.Functions.Tests.Uploads;

/// <summary>A workbook uploaded as it was saved, through the real route, queue and storage on Azurite.</summary>
public sealed class WorkbookUploadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static byte[] Workbook(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Workbooks", name));

    [Theory]
    [InlineData("xlsx-list", "titled.xlsx", "xlsx")]
    [InlineData("xls-list", "titled.xls", "xls")]
    public async Task A_titled_workbook_issues_codes_and_reports_the_sheets_rows(string eventId, string name, string format)
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, eventId);
        var workbook = Workbook(name);

        var status = await UploadAndWaitAsync(provider, eventId, workbook);

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(format, status["encoding"]!.GetValue<string>());
        Assert.Equal(15, status["issued"]!.GetValue<int>());
        Assert.Empty(status["errors"]!.AsArray());
        Assert.Contains(status["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("заголовок найден в строке 3", StringComparison.Ordinal));
        var recipients = CertificateRecipients(host, eventId);
        Assert.Equal(15, recipients.Count);
        Assert.Contains("ivanov@clinic.example", recipients);

        var uploadId = status["uploadId"]!.GetValue<string>();
        var report = await ReportAsync(provider, uploadId);
        Assert.Equal(Enumerable.Range(4, 15).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), report.Skip(1).Select(r => r[0]));
        Assert.StartsWith("Иванов Иван Иванович", report[1][4], StringComparison.Ordinal);

        // The raw workbook is kept byte for byte as it was sent.
        var upload = await host.Services.GetRequiredService<IUploadStore>().FindAsync(uploadId, CancellationToken.None);
        await using var stored = await host.Services.GetRequiredService<IRawUploadStore>().OpenReadAsync(upload!.BlobName, CancellationToken.None);
        var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        Assert.Equal(workbook, copy.ToArray());
    }

    [Fact]
    public async Task A_workbook_bomb_is_refused_with_422_and_a_reason()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "bomb");
        var bomb = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(bomb, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var blanks = new byte[1024 * 1024];
            Array.Fill(blanks, (byte)' ');
            for (var i = 0; i < 200; i++)
            {
                await sheet.WriteAsync(blanks);
            }
        }

        var response = await PostAsync(provider, "bomb", bomb.ToArray());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await PipelineHost.JsonAsync(response);
        Assert.Equal("file.workbook-bomb", problem["errors"]![0]!["code"]!.GetValue<string>());
    }
}
