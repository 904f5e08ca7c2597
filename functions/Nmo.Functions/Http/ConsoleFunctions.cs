using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Common;

namespace Nmo.Functions.Http;

/// <summary>
/// The providers' console at the site root. host.json's route prefix is empty so that this route can be "/"; every API
/// route spells its own <c>api/</c>, so the API's URLs are what they always were. The route is a catch-all
/// (<c>{*path}</c>): the Functions host never gives an empty route the root, and literal routes win over a catch-all,
/// so only what no API route takes arrives here, and an unknown <c>/api/...</c> path still answers problem+json.
/// </summary>
public sealed class ConsoleFunctions
{
    /// <summary>
    /// Only this app's files and API; nothing inline; never framed. The console's JavaScript sets element text only,
    /// so no script from the data it shows can run even if a policy were missing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    [Function("Console")]
    public IActionResult Console(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{*path}")] HttpRequest req,
        string? path)
    {
        ArgumentNullException.ThrowIfNull(req);
        var headers = req.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (path is not null && (path == "api" || path.StartsWith("api/", StringComparison.OrdinalIgnoreCase)))
        {
            return new ProblemResult(Problem.Of(ProblemType.RouteNotFound, HttpApi.LanguageOf(req), "/" + path));
        }

        if (ConsoleAssets.Find(path) is not { } file)
        {
            return new NotFoundResult();
        }

        // Revalidated on each load, so a deployment's new files are used at once.
        headers.CacheControl = "no-cache";
        return new FileContentResult(file.Content, file.ContentType);
    }
}
