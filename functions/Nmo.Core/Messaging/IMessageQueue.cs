namespace Nmo.Core.Messaging;

/// <summary>
/// The pipeline's only way to hand work to a queue. Storage queues implement it today; another transport
/// (Service Bus) would be one more implementation of this interface and of the triggers.
/// </summary>
public interface IMessageQueue
{
    Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
        where T : notnull;
}
