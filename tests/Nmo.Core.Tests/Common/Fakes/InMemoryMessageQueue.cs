using Nmo.Core.Messaging;

namespace Nmo.Core.Tests.Common.Fakes;

public sealed class InMemoryMessageQueue : IMessageQueue
{
    public List<(string Queue, object Message, TimeSpan VisibleAfter)> Sent { get; } = [];

    public IReadOnlyList<T> On<T>(string queue) => [.. Sent.Where(s => s.Queue == queue).Select(s => s.Message).OfType<T>()];

    public Task SendAsync<T>(string queue, T message, CancellationToken cancellationToken)
        where T : notnull =>
        SendAsync(queue, message, TimeSpan.Zero, cancellationToken);

    public Task SendAsync<T>(string queue, T message, TimeSpan visibleAfter, CancellationToken cancellationToken)
        where T : notnull
    {
        Sent.Add((queue, message, visibleAfter));
        return Task.CompletedTask;
    }
}
