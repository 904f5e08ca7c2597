using Azure.Core;
using Azure.Core.Pipeline;

namespace Nmo.Infrastructure.Storage;

/// <summary>Client pipeline options shared by every client, so retries and fault injection apply everywhere alike.</summary>
public sealed class StorageClientOptions
{
    /// <summary>Extra per-call policies (tests inject faults here).</summary>
    public IList<HttpPipelinePolicy> PerCallPolicies { get; } = [];

    /// <summary>Extra policies run on every try, inside the SDK's retries (tests inject transient faults here).</summary>
    public IList<HttpPipelinePolicy> PerRetryPolicies { get; } = [];

    /// <summary>
    /// Retries after the first try. Three at 0.2, 0.4 and 0.8 s (with jitter) ride out a busy moment or a dropped
    /// connection, yet a storage that refuses connections fails a call within about 1.5 s, so the caller is answered
    /// 503 with Retry-After (StorageOutage) quickly instead of being held while every try fails the same way.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// How long one try may wait for storage. Storage answers a table or queue call in milliseconds and a 4 MiB block
    /// of an upload in well under a second; 10 s only gives up on a storage that does not answer at all (a network
    /// partition), which with the retries bounds a call at about 45 s, not the SDK's default of several minutes.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = NetworkTimeout;
        foreach (var policy in PerCallPolicies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        foreach (var policy in PerRetryPolicies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
        }

        return options;
    }
}
