using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Nmo.Functions.Http;

/// <summary>
/// The API's OpenAPI document (OpenApi/openapi.json, embedded). A test compares its paths with the functions the build
/// lists in functions.metadata, both ways: a new route goes into the document's <c>paths</c> in the same change.
/// </summary>
public sealed class OpenApiFunctions
{
    public const string ResourceName = "openapi.json";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(OpenApiFunctions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly carries no {ResourceName}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    [Function("OpenApi")]
    public IActionResult OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        req.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        req.HttpContext.Response.Headers.CacheControl = "no-cache";
        return new FileContentResult(Document.Value, "application/json; charset=utf-8");
    }
}
