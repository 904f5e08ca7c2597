using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Configuration;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Functions.Composition;
using Nmo.Functions.Tests.Support;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>The pipeline's services on Azurite without a host, with e-mail going to <see cref="RecordingSender"/>.</summary>
internal sealed class DeliveryWorld : IAsyncDisposable
{
    private readonly ServiceProvider provider;

    private DeliveryWorld(ServiceProvider provider, RecordingSender sender)
    {
        this.provider = provider;
        Sender = sender;
    }

    public RecordingSender Sender { get; }

    public IServiceProvider Services => provider;

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public static async Task<DeliveryWorld> StartAsync(AzuriteFixture azurite, RecordingSender? sender = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageNames.Connection] = azurite.ConnectionString,
            [SettingNames.CodeHashKey] = "tests-" + Guid.NewGuid().ToString("N"),
        }).Build();
        await new StorageClients(configuration).EnsureCreatedAsync(CancellationToken.None);
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddNmoFunctions(configuration);
        sender ??= new RecordingSender();
        services.Replace(ServiceDescriptor.Singleton<IEmailSender>(sender));
        return new DeliveryWorld(services.BuildServiceProvider(), sender);
    }

    /// <summary>A registered event with <paramref name="count"/> attendees of one upload, certificates queued.</summary>
    public async Task<(UploadRecord Upload, IReadOnlyList<AttendeeRecord> Attendees)> SeedAsync(int count, string? eventId = null)
    {
        eventId ??= Ids.New("ev");
        var now = DateTimeOffset.UtcNow;
        await Get<IEventStore>().SaveAsync(
            new EventRecord(eventId, "prv-test", "Общество кардиологов", "Школа кардиолога", "event",
                new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null, now),
            isNew: true, CancellationToken.None);
        var upload = new UploadRecord
        {
            UploadId = Ids.New("upl"),
            EventId = eventId,
            ProviderId = "prv-test",
            Status = UploadStatus.Completed,
            ContentHash = Guid.NewGuid().ToString("N"),
            BlobName = "none",
            Bytes = 1,
            ReceivedAt = now,
            Issued = count,
        };
        await Get<IUploadStore>().AddAsync(upload, CancellationToken.None);
        var protector = Get<ICodeProtector>();
        var attendees = Enumerable.Range(0, count).Select(i =>
        {
            var email = $"doctor{i}@clinic.example";
            var code = ConfirmationCode.Generate();
            return new AttendeeRecord(eventId, Ids.Digest(email), upload.UploadId, i + 2, $"Врач Номер {i}", email, "ru",
                protector.Protect(code), Ids.Digest(code), now, CertificateStatus.Queued);
        }).ToList();
        await Get<IAttendeeStore>().AddNewAsync(eventId, attendees, CancellationToken.None);
        return (upload, attendees);
    }

    public static CertificateEmailMessage MessageFor(UploadRecord upload, IEnumerable<AttendeeRecord> attendees) =>
        new(upload.UploadId, upload.EventId, [.. attendees.Select(a => a.AttendeeKey)]);

    public async Task<IReadOnlyList<AttendeeRecord>> ReadAsync(string eventId, IEnumerable<AttendeeRecord> attendees) =>
        await Get<IAttendeeStore>().GetManyAsync(eventId, [.. attendees.Select(a => a.AttendeeKey)], CancellationToken.None);

    public async ValueTask DisposeAsync() => await provider.DisposeAsync();
}

/// <summary>Accepts every e-mail, remembering each recipient key as often as it was sent; can hold each send a while.</summary>
internal sealed class RecordingSender(TimeSpan? hold = null) : IEmailSender
{
    public ConcurrentQueue<string> SentKeys { get; } = new();

    public int Batches => batches;

    private int batches;

    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref batches);
        if (hold is { } wait)
        {
            await Task.Delay(wait, cancellationToken);
        }

        foreach (var recipient in batch.Recipients)
        {
            SentKeys.Enqueue(recipient.Key);
        }

        return EmailSendResult.AllSent(batch);
    }
}

/// <summary>Signs webhook payloads as SendGrid does: ECDSA P-256 with SHA-256 over timestamp + body, DER, Base64.</summary>
internal sealed class WebhookSigner : IDisposable
{
    private readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>What SendGrid shows as the verification key: the public key's SubjectPublicKeyInfo in Base64.</summary>
    public string PublicKey => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

    public string Sign(string timestamp, string payload) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public void Dispose() => key.Dispose();
}
