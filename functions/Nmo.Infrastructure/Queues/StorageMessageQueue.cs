using System.Text.Json;
using Nmo.Core.Messaging;
using Nmo.Infrastructure.Storage;

namespace Nmo.Infrastructure.Queues;

/// <summary>
/// <see cref="IMessageQueue"/> on Azure Storage queues: JSON bodies through clients from
/// <see cref="StorageClients"/>, whose Base64 encoding is what the queue triggers decode.
/// </summary>
public sealed class StorageMessageQueue(StorageClients clients) : IMessageQueue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
        where T : notnull =>
        await clients.Queue(queue).SendMessageAsync(JsonSerializer.Serialize(message, Json), cancellationToken);
}
