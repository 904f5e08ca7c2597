namespace Nmo.Core.Messaging;

/// <summary>
/// The pipeline's only way to hand work to a queue. Storage queues implement it today; another transport
/// (Service Bus) would be one more implementation of this interface and of the triggers.
/// </summary>
public interface IMessageQueue
{
    Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
        where T : notnull;

    /// <summary>
    /// Sends a message that the queue hands out only after <paramref name="visibleAfter"/>. Work that cannot be done
    /// before then (e-mails another delivery holds a claim on) waits in it, instead of spending the delivery attempts
    /// of the message being handled, which would send it to the poison queue with the work undone.
    /// </summary>
    Task SendAsync<T>(string queue, T message, TimeSpan visibleAfter, CancellationToken cancellationToken)
        where T : notnull;
}
