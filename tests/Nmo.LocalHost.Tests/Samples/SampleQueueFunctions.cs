using System.Globalization;
using Microsoft.Azure.Functions.Worker;

namespace Nmo.LocalHost.Tests.Samples;

/// <summary>Queue functions that record what they got; the message's action makes them fail or take time.</summary>
public sealed class SampleQueueFunctions(SampleRecorder recorder)
{
    public const string Queue = "samples";
    public const string TextQueueSetting = "Samples:TextQueue";

    [Function("RecordSample")]
    public async Task Run(
        [QueueTrigger(Queue, Connection = "AzureWebJobsStorage")] SampleMessage message,
        CancellationToken cancellationToken)
    {
        recorder.Started(message.Id);
        if (message.Action == "fail")
        {
            throw new InvalidOperationException("asked to fail");
        }

        if (message.Action.StartsWith("sleep:", StringComparison.Ordinal))
        {
            await Task.Delay(int.Parse(message.Action["sleep:".Length..], CultureInfo.InvariantCulture), cancellationToken);
        }

        if (message.Action.StartsWith("hold:", StringComparison.Ordinal))
        {
            await recorder.HoldAsync(message.Action["hold:".Length..], message.Id, cancellationToken);
        }

        recorder.Finished(message.Id);
    }

    [Function("RecordText")]
    public async Task RunText(
        [QueueTrigger("%" + TextQueueSetting + "%")] string text,
        CancellationToken cancellationToken)
    {
        recorder.Started(text);
        if (text.StartsWith("sleep:", StringComparison.Ordinal))
        {
            await Task.Delay(int.Parse(text.Split(':')[1], CultureInfo.InvariantCulture), cancellationToken);
        }

        recorder.Finished(text);
    }
}
