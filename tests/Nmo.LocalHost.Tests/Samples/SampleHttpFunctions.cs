using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Nmo.LocalHost.Tests.Samples;

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
