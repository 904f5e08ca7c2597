using System.Text.Json;
using Nmo.Core.Messaging;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Queues;

/// <summary>
/// <see cref="IMessageQueue"/> on Azure Storage queues: JSON bodies through clients from
/// <see cref="StorageClients"/>, whose Base64 encoding is what the queue triggers decode. Every message is sent with
/// no expiry: Storage's default time-to-live is 7 days, after which a message (a credit for the Ministry portal, a
/// certificate still to send) would vanish unseen while its consumer is down. The one place messages are sent, so the
/// one place each carries its trace context (<see cref="MessageTrace"/>).
/// </summary>
public sealed class StorageMessageQueue(StorageClients clients) : IMessageQueue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Storage's "never expires" time-to-live.</summary>
    public static readonly TimeSpan NoExpiry = TimeSpan.FromSeconds(-1);

    /// <summary>The longest a Storage queue message may stay invisible when sent.</summary>
    public static readonly TimeSpan LongestDelay = TimeSpan.FromDays(7);

    public Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
        where T : notnull =>
        SendCoreAsync(queue, message, null, cancellationToken);

    public Task SendAsync<T>(string queue, T message, TimeSpan visibleAfter, CancellationToken cancellationToken)
        where T : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(visibleAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(visibleAfter, LongestDelay);
        return SendCoreAsync(queue, message, visibleAfter, cancellationToken);
    }

    private async Task SendCoreAsync<T>(string queue, T message, TimeSpan? visibleAfter, CancellationToken cancellationToken)
        where T : notnull
    {
        using var activity = MessageTrace.StartSend(queue);
        var body = JsonSerializer.SerializeToNode(message, Json);
        MessageTrace.Inject(body, activity);
        await clients.Queue(queue).SendMessageAsync(body!.ToJsonString(Json), visibilityTimeout: visibleAfter, timeToLive: NoExpiry, cancellationToken);
    }
}
