using System.Net;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;
using static Nmo.Functions.Tests.Uploads.Uploads;

namespace Nmo.Functions.Tests.Uploads;

/// <summary>Attendance files as providers really send them, through the real routes, queue and storage.</summary>
public sealed class UploadIngestionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, byte[], string, string> Files => new()
    {
        {
            "excel-1251",
            Windows1251.GetBytes(Crlf(
                "Фамилия;Имя;Отчество;Электронная почта;Специальность",
                "Ёлкина;Анна;Петровна;elkina@clinic.example;Терапия",
                "Щукин;Юрий;Эдуардович;shchukin@clinic.example;Хирургия")),
            "Windows-1251",
            ";"
        },
        {
            "unicode-text",
            Utf16LeBom(Crlf(
                "Фамилия\tИмя\tE-mail",
                "Ёлкина\tАнна\telkina@clinic.example",
                "Щукин\tЮрий\tshchukin@clinic.example")),
            "UTF-16LE BOM",
            "\t"
        },
        {
            "google-fio",
            Utf8(Lf(
                "ФИО,Email,Специальность",
                "Ёлкина Анна Петровна,elkina@clinic.example,Терапия",
                "Щукин Юрий Эдуардович,shchukin@clinic.example,Хирургия")),
            "UTF-8",
            ","
        },
        {
            "multiline",
            Utf8Bom(Crlf(
                "Фамилия;Имя;Email;Комментарий",
                "Ёлкина;Анна;elkina@clinic.example;\"пришла позже;",
                "ушла раньше\"",
                "Щукин;Юрий;shchukin@clinic.example;\"\"\"Шеф\"\"\"")),
            "UTF-8 BOM",
            ";"
        },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_encoding_and_delimiter_issues_codes_to_the_right_names(string eventId, byte[] file, string encoding, string delimiter)
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, eventId);

        var status = await UploadAndWaitAsync(provider, eventId, file);

        Assert.Equal("completed", status["status"]!.GetValue<string>());
        Assert.Equal(encoding, status["encoding"]!.GetValue<string>());
        Assert.Equal(delimiter, status["delimiter"]!.GetValue<string>());
        Assert.Equal(2, status["issued"]!.GetValue<int>());
        Assert.Empty(status["errors"]!.AsArray());
        Assert.Equal(["elkina@clinic.example", "shchukin@clinic.example"], CertificateRecipients(host, eventId).Order());

        var report = await ReportAsync(provider, status["uploadId"]!.GetValue<string>());
        Assert.Equal(3, report.Count);
        Assert.All(report.Skip(1), row => Assert.Equal("код выдан", row[1]));
        Assert.StartsWith("Ёлкина Анна", report[1][4], StringComparison.Ordinal);
        Assert.StartsWith("Щукин Юрий", report[2][4], StringComparison.Ordinal);
        Assert.Equal(eventId == "multiline" ? "4" : "3", report[2][0]);
    }

    public static TheoryData<string, byte[], string[]> Unusable => new()
    {
        { "binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0], ["не текстовый файл"] },
        { "header-only", Utf8(Crlf("Фамилия;Имя;Email")), ["нет ни одного участника"] },
        { "no-email-no-first-name", Utf8(Crlf("Фамилия;Телефон", "Ёлкина;+7 900 000-00-00")), ["нет столбца «Имя»", "нет столбца с адресом почты"] },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task A_file_that_cannot_be_used_is_refused_with_every_reason_and_nothing_is_issued(string eventId, byte[] file, string[] reasons)
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, eventId);

        var response = await PostAsync(provider, eventId, file);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await PipelineHost.JsonAsync(response);
        var given = problem["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
        Assert.Equal(reasons.Length, given.Count);
        foreach (var (reason, text) in reasons.Zip(given))
        {
            Assert.Contains(reason, text, StringComparison.Ordinal);
        }

        // The same reasons, with their codes, are the errors of the problem and of the status; none is a warning.
        var errors = problem["errors"]!.AsArray();
        Assert.Equal(given, errors.Select(e => e!["reason"]!.GetValue<string>()));
        Assert.All(errors, e => Assert.Equal("file", e!["kind"]!.GetValue<string>()));
        Assert.All(errors, e => Assert.Matches("^[a-z]+\\.[a-z-]+$", e!["code"]!.GetValue<string>()));

        var uploadId = problem["uploadId"]!.GetValue<string>();
        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal("rejected", status["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(errors, status["errors"]), status["errors"]!.ToJsonString());
        Assert.DoesNotContain(status["warnings"]!.AsArray(), w => given.Contains(w!.GetValue<string>()));
        Assert.Equal(0, status["issued"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Conflict, (await provider.GetAsync($"api/uploads/{uploadId}/report.csv")).StatusCode);
        Assert.Empty(await CodesOfAsync(host, eventId));

        // Sent again, the same file is refused again with the same upload, not accepted by a second try.
        var again = await PipelineHost.JsonAsync(await PostAsync(provider, eventId, file));
        Assert.Equal(uploadId, again["uploadId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_bytes_again_answer_with_the_first_upload_and_issue_nothing_new()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "repeat");
        var file = List("a@clinic.example", "b@clinic.example");
        var first = await UploadAndWaitAsync(provider, "repeat", file);
        var uploadId = first["uploadId"]!.GetValue<string>();

        var again = await PostAsync(provider, "repeat", file);

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var body = await PipelineHost.JsonAsync(again);
        Assert.Equal(uploadId, body["uploadId"]!.GetValue<string>());
        Assert.True(body["duplicate"]!.GetValue<bool>());
        Assert.Equal(2, (await CodesOfAsync(host, "repeat")).Count);
        Assert.Equal(2, CertificateRecipients(host, "repeat").Count);
    }

    [Fact]
    public async Task An_overlapping_upload_reports_the_shared_attendees_as_already_issued()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "overlap");
        await UploadAndWaitAsync(provider, "overlap", List("a@clinic.example", "b@clinic.example", "c@clinic.example"));

        var second = await UploadAndWaitAsync(provider, "overlap", List("d@clinic.example", "C@clinic.example", "a@clinic.example"));

        Assert.Equal(1, second["issued"]!.GetValue<int>());
        Assert.Equal(2, second["alreadyIssued"]!.GetValue<int>());
        Assert.Equal([3, 4], ErrorLines(second));
        Assert.All(second["errors"]!.AsArray(), e => Assert.Equal("already-issued", e!["kind"]!.GetValue<string>()));
        Assert.Equal(4, (await CodesOfAsync(host, "overlap")).Count);

        var report = await ReportAsync(provider, second["uploadId"]!.GetValue<string>(), "en");
        Assert.Equal(["Line", "Outcome", "Column", "Reason", "Name", "E-mail"], report[0]);
        Assert.Equal(["2", "issued", "d@clinic.example"], [report[1][0], report[1][1], report[1][5]]);
        Assert.Equal(["3", "already issued", "C@clinic.example"], [report[2][0], report[2][1], report[2][5]]);
        Assert.Equal(["4", "already issued", "a@clinic.example"], [report[3][0], report[3][1], report[3][5]]);
    }

    [Fact]
    public async Task Two_overlapping_uploads_at_once_still_give_each_attendee_one_code()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "race");

        // 250 and 250 rows sharing 150 attendees: several chunks each, interleaving in the event's partition.
        var first = List([.. Enumerable.Range(0, 250).Select(i => $"p{i}@clinic.example")]);
        var second = List([.. Enumerable.Range(100, 250).Select(i => $"p{i}@clinic.example")]);
        var ids = await Task.WhenAll(UploadAsync(provider, "race", first), UploadAsync(provider, "race", second));
        var statuses = await Task.WhenAll(ids.Select(id => PipelineHost.WaitForUploadAsync(provider, id)));

        Assert.Equal(350, statuses.Sum(s => s["issued"]!.GetValue<int>()));
        Assert.Equal(150, statuses.Sum(s => s["alreadyIssued"]!.GetValue<int>()));
        var codes = await CodesOfAsync(host, "race");
        Assert.Equal(350, codes.Count);
        Assert.Equal(350, codes.Select(c => c.GetString("AttendeeKey")).Distinct().Count());
        var recipients = CertificateRecipients(host, "race");
        Assert.Equal(350, recipients.Count);
        Assert.Equal(350, recipients.Distinct().Count());
    }

    [Fact]
    public async Task A_provider_never_sees_or_uses_another_providers_uploads_and_events()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (_, owner) = await host.NewProviderAsync("Владелец");
        var (_, other) = await host.NewProviderAsync("Другой");
        await CreateEventAsync(owner, "owned");
        var status = await UploadAndWaitAsync(owner, "owned", List("a@clinic.example"));
        var uploadId = status["uploadId"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"api/uploads/{uploadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"api/uploads/{uploadId}/report.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(other, "owned", List("b@clinic.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"api/uploads/{uploadId}/report.csv")).StatusCode);
        Assert.Single(await CodesOfAsync(host, "owned"));
    }

    [Fact]
    public async Task An_upload_whose_stored_file_is_gone_is_marked_failed_with_the_reason()
    {
        await using var host = await PipelineHost.StartAsync(azurite);
        var (providerId, provider) = await host.NewProviderAsync();
        await CreateEventAsync(provider, "lost");
        var store = host.Services.GetRequiredService<IUploadStore>();
        await store.AddAsync(
            new UploadRecord
            {
                UploadId = "upl-lostfile0000000",
                EventId = "lost",
                ProviderId = providerId,
                Status = UploadStatus.Received,
                ContentHash = "00",
                BlobName = "lost/upl-lostfile0000000.csv",
                Bytes = 10,
                ReceivedAt = DateTimeOffset.UtcNow,
            },
            CancellationToken.None);

        // Called as the queue trigger calls it: it must return (not throw five times into the poison queue).
        await host.Services.GetRequiredService<UploadProcessor>().ProcessAsync(new Nmo.Core.Messaging.UploadReceivedMessage("upl-lostfile0000000"), CancellationToken.None);

        var status = await PipelineHost.JsonAsync(await provider.GetAsync("api/uploads/upl-lostfile0000000"));
        Assert.Equal("failed", status["status"]!.GetValue<string>());
        Assert.Contains("файл загрузки не найден", status["failureReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await provider.GetAsync("api/uploads/upl-lostfile0000000/report.csv")).StatusCode);
    }

    private static async Task<List<TableEntity>> CodesOfAsync(PipelineHost host, string eventId)
    {
        var codes = host.Services.GetRequiredService<StorageClients>().Table(StorageNames.Tables.Codes);
        var found = new List<TableEntity>();
        await foreach (var code in codes.QueryAsync<TableEntity>(c => c.GetString("EventId") == eventId))
        {
            found.Add(code);
        }

        return found;
    }
}
