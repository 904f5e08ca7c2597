using Azure.Core;
using Azure.Core.Pipeline;

namespace Nmo.Testing;

/// <summary>Counts the storage requests <paramref name="counts"/> picks, each try once (add it as a per-retry policy).</summary>
public sealed class RequestCounter(Func<Request, bool> counts) : HttpPipelinePolicy
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Observe(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Observe(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Observe(HttpMessage message)
    {
        if (counts(message.Request))
        {
            Interlocked.Increment(ref count);
        }
    }
}
