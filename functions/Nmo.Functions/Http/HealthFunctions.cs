using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Infrastructure.Storage;

namespace Nmo.Functions.Http;

public sealed class HealthFunctions(StorageHealth health)
{
    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest req,
        CancellationToken cancellationToken) =>
        await health.IsReachableAsync(cancellationToken)
            ? HttpApi.Json(new { status = "healthy" })
            : HttpApi.Json(new { status = "storage unreachable" }, StatusCodes.Status503ServiceUnavailable);
}
