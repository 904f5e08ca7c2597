using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Messaging;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>The pipeline's services on Azurite without a host, with e-mail going to <see cref="RecordingSender"/>.</summary>
internal sealed class DeliveryWorld : IAsyncDisposable
{
    private readonly PipelineServices pipeline;

    private DeliveryWorld(PipelineServices pipeline, RecordingSender sender)
    {
        this.pipeline = pipeline;
        Sender = sender;
    }

    public RecordingSender Sender { get; }

    public IServiceProvider Services => pipeline.Services;

    public T Get<T>()
        where T : notnull => pipeline.Get<T>();

    public static async Task<DeliveryWorld> StartAsync(
        AzuriteFixture azurite, RecordingSender? sender = null, TimeProvider? time = null, StorageClientOptions? storage = null)
    {
        var recording = sender ?? new RecordingSender();
        var pipeline = await PipelineServices.StartAsync(
            azurite,
            services: s =>
            {
                if (time is not null)
                {
                    s.AddSingleton(time);
                }

                if (storage is not null)
                {
                    s.AddSingleton(storage);
                }
            },
            replace: s => s.Replace(ServiceDescriptor.Singleton<IEmailSender>(recording)));
        return new DeliveryWorld(pipeline, recording);
    }

    /// <summary>A registered event with <paramref name="count"/> attendees of one upload, certificates queued.</summary>
    public Task<(UploadRecord Upload, IReadOnlyList<AttendeeRecord> Attendees)> SeedAsync(int count, string? eventId = null) =>
        SeedAsync(Services, count, eventId);

    /// <param name="asIssued">As the upload processor stores them: each with its certificate's id and record.</param>
    public Task<(UploadRecord Upload, IReadOnlyList<AttendeeRecord> Attendees)> SeedAsync(int count, bool asIssued) =>
        SeedAsync(Services, count, asIssued: asIssued);

    /// <inheritdoc cref="SeedAsync(int, string?)"/>
    public static async Task<(UploadRecord Upload, IReadOnlyList<AttendeeRecord> Attendees)> SeedAsync(
        IServiceProvider services, int count, string? eventId = null, bool asIssued = false)
    {
        T Get<T>()
            where T : notnull => services.GetRequiredService<T>();
        eventId ??= Ids.New("ev");
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await Get<IEventStore>().TrySaveAsync(
            new EventRecord(eventId, "prv-test", "Общество кардиологов", "Школа кардиолога", "event",
                new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null, now),
            CancellationToken.None));
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
                protector.Protect(code), Ids.Digest(code), now, CertificateStatus.Queued, CertificateId: asIssued ? CertificateIds.New() : null);
        }).ToList();
        if (asIssued)
        {
            await Get<ICertificateStore>().SaveAsync(
                [.. attendees.Select(a => new CertificateRecord(a.CertificateId!, eventId, a.AttendeeKey, a.CodeHash, a.FullName, a.IssuedAt))], CancellationToken.None);
        }

        await Get<IAttendeeStore>().AddNewAsync(eventId, attendees, CancellationToken.None);
        return (upload, attendees);
    }

    /// <summary>
    /// Like <see cref="SeedAsync(int, string?)"/>, with the message the upload processor would queue: the attendees'
    /// versions as stored, in a certificate batch.
    /// </summary>
    public async Task<(UploadRecord Upload, IReadOnlyList<AttendeeRecord> Attendees, CertificateEmailMessage Message)> SeedWithBatchAsync(int count)
    {
        var (upload, attendees) = await SeedAsync(count, asIssued: true);
        var versions = await VersionsAsync(upload.EventId, attendees);
        var batch = await Get<ICertificateBatchStore>().SaveAsync(upload.EventId, upload.UploadId, versions, CancellationToken.None);
        return (upload, attendees, MessageFor(upload, attendees) with { Batch = batch });
    }

    /// <summary>The attendees' versions as stored now.</summary>
    public async Task<IReadOnlyList<AttendeeVersion>> VersionsAsync(string eventId, IEnumerable<AttendeeRecord> attendees)
    {
        var table = Get<StorageClients>().Table(Nmo.Core.Storage.StorageNames.Tables.Attendees);
        var versions = new List<AttendeeVersion>();
        foreach (var attendee in await ReadAsync(eventId, attendees))
        {
            var entity = await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(eventId, attendee.AttendeeKey);
            versions.Add(new AttendeeVersion(attendee, entity.Value.ETag.ToString()));
        }

        return versions;
    }

    public static CertificateEmailMessage MessageFor(UploadRecord upload, IEnumerable<AttendeeRecord> attendees) =>
        new(upload.UploadId, upload.EventId, [.. attendees.Select(a => a.AttendeeKey)]);

    public async Task<IReadOnlyList<AttendeeRecord>> ReadAsync(string eventId, IEnumerable<AttendeeRecord> attendees) =>
        await Get<IAttendeeStore>().GetManyAsync(eventId, [.. attendees.Select(a => a.AttendeeKey)], CancellationToken.None);

    public ValueTask DisposeAsync() => pipeline.DisposeAsync();
}
