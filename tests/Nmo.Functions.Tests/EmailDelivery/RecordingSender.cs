using System.Collections.Concurrent;
using Nmo.Core.Email;

namespace Nmo.Functions.Tests.EmailDelivery;

/// <summary>Accepts every e-mail, remembering each recipient key as often as it was sent; can hold each send a while.</summary>
internal sealed class RecordingSender(TimeSpan? hold = null) : IEmailSender
{
    public ConcurrentQueue<string> SentKeys { get; } = new();

    /// <summary>Every recipient sent to, with the values its e-mail carried.</summary>
    public ConcurrentQueue<EmailRecipient> Recipients { get; } = new();

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
            Recipients.Enqueue(recipient);
        }

        return EmailSendResult.AllSent(batch);
    }
}
