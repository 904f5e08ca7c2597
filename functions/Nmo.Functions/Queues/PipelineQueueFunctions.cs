using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Email;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;

namespace Nmo.Functions.Queues;

/// <summary>
/// Queue triggers. Each delivery may be a repeat (at-least-once), and each core handler is idempotent; a
/// handler that throws is retried by the host and, after five attempts, parked in the poison queue.
/// </summary>
public sealed class PipelineQueueFunctions(UploadProcessor processor, CertificateMailer certificates, CreditNotifier notices)
{
    [Function("IssueCodes")]
    public Task IssueCodes(
        [QueueTrigger(StorageNames.Queues.Uploads, Connection = StorageNames.Connection)] UploadReceivedMessage message,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(message, cancellationToken);

    [Function("SendCertificates")]
    public Task SendCertificates(
        [QueueTrigger(StorageNames.Queues.Certificates, Connection = StorageNames.Connection)] CertificateEmailMessage message,
        CancellationToken cancellationToken) =>
        certificates.SendAsync(message, cancellationToken);

    [Function("SendCreditNotice")]
    public Task SendCreditNotice(
        [QueueTrigger(StorageNames.Queues.CreditNotices, Connection = StorageNames.Connection)] CreditNoticeMessage message,
        CancellationToken cancellationToken) =>
        notices.SendAsync(message, cancellationToken);
}
