using Nmo.Core.Messaging;

namespace Nmo.Core.Tests.Common.Fakes;

public sealed class InMemoryMessageQueue : IMessageQueue
{
    public List<(string Queue, object Message)> Sent { get; } = [];

    public IReadOnlyList<T> On<T>(string queue) => [.. Sent.Where(s => s.Queue == queue).Select(s => s.Message).OfType<T>()];

    public Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
        where T : notnull
    {
        Sent.Add((queue, message));
        return Task.CompletedTask;
    }
}
