using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// Makes storage fail transiently, the two ways it does: a 503 before the request is applied ("server busy"),
/// and a request applied but whose answer never arrives (a time-out), which the SDK then retries — so a write
/// reaches storage twice. Which try fails is decided by a seeded hash of the request and how often the same
/// request was seen, so a run does not depend on thread timing.
/// </summary>
internal sealed class FaultInjectionPolicy(int seed, double rate) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, int> seen = new(StringComparer.Ordinal);
    private int busy;
    private int lost;

    /// <summary>When false, requests pass untouched.</summary>
    public bool Enabled { get; set; } = true;

    public int Busy => busy;

    public int Lost => lost;

    /// <summary>Only requests this accepts can fail (default: all).</summary>
    public Func<HttpMessage, bool> Applies { get; init; } = _ => true;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessCoreAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessCoreAsync(message, pipeline, async: true);

    private async ValueTask ProcessCoreAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var draw = Enabled && Applies(message) ? Draw(message) : double.PositiveInfinity;
        if (draw < rate / 2)
        {
            Interlocked.Increment(ref busy);
            message.Response = BusyResponse.Create(message.Request.ClientRequestId);
            return;
        }

        if (async)
        {
            await ProcessNextAsync(message, pipeline);
        }
        else
        {
            ProcessNext(message, pipeline);
        }

        if (draw < rate)
        {
            Interlocked.Increment(ref lost);
            message.Response?.Dispose();
            throw new IOException("Injected fault: the request was applied but its answer was lost.");
        }
    }

    private double Draw(HttpMessage message)
    {
        var key = $"{message.Request.Method} {message.Request.Uri.Path}";
        var occurrence = seen.AddOrUpdate(key, 1, (_, n) => n + 1);
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{key}#{occurrence}"), seed);
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>What storage answers when it sheds load.</summary>
    private sealed class BusyResponse(string clientRequestId) : Response
    {
        /// <summary>The transport marks error answers for the retry policy; a made-up answer must be marked the same way.</summary>
        public static BusyResponse Create(string clientRequestId)
        {
            var response = new BusyResponse(clientRequestId);
            typeof(Response).GetProperty(nameof(IsError))!.SetValue(response, true);
            return response;
        }

        public override int Status => 503;

        public override string ReasonPhrase => "Server Busy";

        public override Stream? ContentStream { get; set; } = new MemoryStream(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>Injected fault.</Message></Error>"));

        public override string ClientRequestId { get; set; } = clientRequestId;

        public override void Dispose() => ContentStream?.Dispose();

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, out string value)
        {
            value = string.Empty;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, out IEnumerable<string> values)
        {
            values = [];
            return false;
        }
    }
}
