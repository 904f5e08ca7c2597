using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Nmo.LocalHost.Tests.Broken;

// Functions the local host must refuse at start-up: it could not run them as Azure does.
public sealed class ContextParameterFunction
{
    [Function("UsesContext")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "context")] HttpRequest req,
        FunctionContext context) => new OkResult();
}

public sealed class UnknownRouteParameterFunction
{
    [Function("WrongName")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{thingId}")] HttpRequest req,
        string id) => new OkObjectResult(id);
}

public sealed class WrongReturnFunction
{
    [Function("ReturnsText")]
    public string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "text")] HttpRequest req) => "text";
}

public sealed class QueueExtraParameterFunction
{
    [Function("QueueExtra")]
    public Task Run([QueueTrigger("extra")] string message, string other) => Task.CompletedTask;
}
