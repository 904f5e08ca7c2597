using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Nmo.Core.Configuration;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Functions.Queues;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>What the resilience tests share: an event with attendance files, and what storage and SendGrid hold afterwards.</summary>
internal static class Scenario
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Settings that send e-mail to the loopback SendGrid with short back-offs, and small certificate batches.</summary>
    public static Dictionary<string, string?> Settings(FakeSendGridServer sendGrid, string? codeHashKey = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SendGrid:ApiKey"] = FakeSendGridServer.ApiKey,
            ["SendGrid:Host"] = sendGrid.Host,
            ["SendGrid:InitialDelay"] = "00:00:00.050",
            ["Uploads:EmailBatchSize"] = "50",

            // A delivery cut off by a storage fault leaves its claim behind; in production another takes it over
            // after ten minutes, here after a few seconds so the test sees the whole recovery.
            ["Email:Delivery:ClaimTimeout"] = "00:00:05",
        };
        if (codeHashKey is not null)
        {
            settings[SettingNames.CodeHashKey] = codeHashKey;
        }

        return settings;
    }

    public static async Task<HttpClient> ProviderWithEventAsync(PipelineHost host, string eventId, string kind = "event")
    {
        var (_, provider) = await host.NewProviderAsync("Общество " + eventId);
        var put = await RetryAsync(() => provider.PutAsJsonAsync($"api/events/{eventId}", new
        {
            title = "Школа " + eventId,
            kind,
            startDate = "2026-11-20",
            endDate = "2026-11-21",
            place = "Москва",
            credits = 6,
        }));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return provider;
    }

    /// <summary>
    /// An attendance file of attendees <paramref name="from"/> to <paramref name="to"/> (exclusive); every
    /// <paramref name="invalidEvery"/>-th line has an address without '@' and is rejected.
    /// </summary>
    public static byte[] Csv(int from, int to, int invalidEvery = 0)
    {
        var csv = new StringBuilder("Фамилия;Имя;Отчество;Email;Специальность\n");
        for (var i = from; i < to; i++)
        {
            var email = invalidEvery > 0 && i % invalidEvery == invalidEvery - 1 ? $"broken{i}.clinic.example" : $"att{i}@clinic.example";
            csv.Append(CultureInvariant($"Врачев{i};Иван;Петрович;{email};Терапия\n"));
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    public static int ValidCount(int from, int to, int invalidEvery) =>
        Enumerable.Range(from, to - from).Count(i => invalidEvery == 0 || i % invalidEvery != invalidEvery - 1);

    public static async Task<string> UploadAsync(HttpClient provider, string eventId, byte[] csv)
    {
        var response = await RetryAsync(() => provider.PostAsync($"api/events/{eventId}/attendance", new ByteArrayContent(csv)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await PipelineHost.JsonAsync(response))["uploadId"]!.GetValue<string>();
    }

    /// <summary>What a careful client does: repeats a request answered 5xx (or lost), a few times.</summary>
    public static async Task<HttpResponseMessage> RetryAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await send();
                if ((int)response.StatusCode < 500 || attempt == 5)
                {
                    return response;
                }
            }
            catch (HttpRequestException) when (attempt < 5)
            {
            }

            await Task.Delay(200 * attempt);
        }
    }

    /// <summary>How many times SendGrid accepted each recipient key of a category.</summary>
    public static Dictionary<string, int> Accepted(FakeSendGridServer sendGrid, string category) =>
        Personalizations(sendGrid, category)
            .GroupBy(p => p.GetProperty("custom_args").GetProperty("nmo_key").GetString()!)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The codes in the certificates SendGrid accepted.</summary>
    public static List<string> Codes(FakeSendGridServer sendGrid) =>
        [.. Personalizations(sendGrid, "certificate").Select(p => p.GetProperty("substitutions").GetProperty("{{code}}").GetString()!).Distinct()];

    public static async Task<List<TableEntity>> EntitiesAsync(PipelineHost host, string table, string? filter = null)
    {
        var client = host.Storage.Table(table);
        var entities = new List<TableEntity>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter))
        {
            entities.Add(entity);
        }

        return entities;
    }

    /// <summary>
    /// The invariants every resilience test checks: one attendee and one code per valid address, the code
    /// stored is the one e-mailed, one certificate per attendee, the upload's counts not doubled.
    /// </summary>
    /// <param name="sendingAtStop">
    /// Attendees whose certificate was being sent when a host stopped (<see cref="SendingAsync"/>): SendGrid may have
    /// accepted it before the host could record that, and SendGrid takes no idempotency key, so the next delivery
    /// sends it once more. Those alone may be accepted twice, never more; everyone else exactly once.
    /// </param>
    public static async Task AssertIssuedOnceAsync(
        PipelineHost host, FakeSendGridServer sendGrid, string eventId, int expectedAttendees, IReadOnlySet<string>? sendingAtStop = null)
    {
        var attendees = await EntitiesAsync(host, StorageNames.Tables.Attendees, TableAttendeeStore.AttendeesOf(eventId));
        Assert.Equal(expectedAttendees, attendees.Count);
        Assert.Equal(expectedAttendees, attendees.Select(a => a.GetString("Email")).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(attendees, a => Assert.Equal("sent", a.GetString("CertificateStatus")));

        var codes = await EntitiesAsync(host, StorageNames.Tables.Codes, TableClient.CreateQueryFilter($"EventId eq {eventId}"));
        var codesByAttendee = codes.GroupBy(c => c.GetString("AttendeeKey")).ToDictionary(g => g.Key, g => g.Select(c => c.RowKey).ToList());
        Assert.All(attendees, a => Assert.Equal([a.GetString("CodeHash")], codesByAttendee.GetValueOrDefault(a.RowKey, [])));
        Assert.Equal(expectedAttendees, codes.Count);

        var certificates = Accepted(sendGrid, "certificate").Where(kv => kv.Key.StartsWith($"cert-{eventId}-", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(certificates, kv => kv.Value > (sendingAtStop is not null && sendingAtStop.Contains(AttendeeOf(kv.Key)) ? 2 : 1));
        Assert.Equal(attendees.Select(a => Nmo.Core.Email.CertificateMailer.CertificateKey(eventId, a.RowKey, a.GetString("CodeHash"))).Order(), certificates.Select(kv => kv.Key).Order());
        Assert.Empty(sendGrid.Violations);
    }

    /// <summary>The attendees whose certificate is claimed by a sender and not yet recorded (sent or failed).</summary>
    public static async Task<IReadOnlySet<string>> SendingAsync(PipelineHost host, string eventId) =>
        (await EntitiesAsync(host, StorageNames.Tables.Attendees, TableAttendeeStore.AttendeesOf(eventId)))
            .Where(a => a.GetString("CertificateStatus") == Nmo.Core.Email.EmailStatus.Sending)
            .Select(a => a.RowKey)
            .ToHashSet(StringComparer.Ordinal);

    private static string AttendeeOf(string certificateKey) =>
        Nmo.Core.Email.CertificateMailer.TryParseKey(certificateKey, out _, out var attendeeKey) ? attendeeKey : certificateKey;

    /// <summary>One delivery of a queue message to the real queue function, as the host makes it.</summary>
    public static Task DeliverAsync(PipelineQueueFunctions functions, string queue, string body) => queue switch
    {
        StorageNames.Queues.Uploads => functions.IssueCodes(JsonSerializer.Deserialize<UploadReceivedMessage>(body, Json)!, CancellationToken.None),
        StorageNames.Queues.Certificates => functions.SendCertificates(JsonSerializer.Deserialize<CertificateEmailMessage>(body, Json)!, CancellationToken.None),
        StorageNames.Queues.CreditNotices => functions.SendCreditNotice(JsonSerializer.Deserialize<CreditNoticeMessage>(body, Json)!, CancellationToken.None),
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };

    private static List<JsonElement> Personalizations(FakeSendGridServer sendGrid, string category) =>
        [.. sendGrid.Requests
            .Where(r => r.GetProperty("categories").EnumerateArray().Any(c => c.GetString() == category))
            .SelectMany(r => r.GetProperty("personalizations").EnumerateArray())];

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
