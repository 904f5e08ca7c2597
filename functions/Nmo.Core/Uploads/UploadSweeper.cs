using Microsoft.Extensions.Logging;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;

namespace Nmo.Core.Uploads;

/// <summary>
/// Closes the crash window between an upload's record and its queue message: an upload still "received" after
/// <see cref="UploadOptions.StuckAfter"/> is queued again. Processing is idempotent, so a message that was only
/// slow, not lost, costs a repeat delivery and nothing else.
/// </summary>
public sealed class UploadSweeper(IUploadStore uploads, IMessageQueue queue, UploadOptions options, TimeProvider time, ILogger<UploadSweeper> logger)
{
    /// <returns>How many uploads were queued again.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var requeued = 0;
        await foreach (var upload in uploads.ListReceivedBeforeAsync(time.GetUtcNow() - options.StuckAfter, cancellationToken))
        {
            await queue.SendAsync(StorageNames.Queues.Uploads, new UploadReceivedMessage(upload.UploadId), cancellationToken);
            logger.LogWarning("Upload {UploadId} was still received at {Age}: queued again.", upload.UploadId, time.GetUtcNow() - upload.ReceivedAt);
            requeued++;
        }

        return requeued;
    }
}
