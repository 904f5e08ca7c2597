using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Nmo.Functions.Tests.LocalHost.Samples;

public sealed record SampleMessage(string Id, string Action);

public sealed record EchoAnswer(string Name, string Method, string Query, string Body);

/// <summary>HTTP functions written the way the app's functions are, for the local host to serve.</summary>
public sealed class SampleHttpFunctions(SampleRecorder recorder)
{
    [Function("Echo")]
    public async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{name}")] HttpRequest req,
        string name,
        CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(req.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        recorder.Started("http:" + name);
        return new OkObjectResult(new EchoAnswer(name, req.Method, req.Query["q"].ToString(), body));
    }

    [Function("ItemById")]
    public IActionResult ItemById(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/{id:guid}")] HttpRequest req,
        string id) =>
        new OkObjectResult(new { itemId = id });

    [Function("Refuse")]
    public Task<IActionResult> Refuse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "refuse")] HttpRequest req) =>
        Task.FromResult<IActionResult>(new ObjectResult(new ProblemDetails { Title = "Файл не принят", Status = 422 }) { StatusCode = 422 });

    [Function("Crash")]
    public Task<IActionResult> Crash(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "crash")] HttpRequest req) =>
        throw new InvalidOperationException("the function failed");
}

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
