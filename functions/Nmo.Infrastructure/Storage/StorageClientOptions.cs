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

    public int MaxRetries { get; set; } = 5;

    internal T Configure<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
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
