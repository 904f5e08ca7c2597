using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Credentials;

namespace Nmo.Functions.Http;

/// <summary>What a verifier of a signed credential fetches: the issuer's profile and its public keys. No key, nothing secret.</summary>
public sealed class IssuerFunctions(CredentialService credentials)
{
    [Function("GetIssuer")]
    public IActionResult GetIssuer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/issuer")] HttpRequest req) =>
        Json(credentials.Issuer(HttpApi.LanguageOf(req)), "application/json");

    /// <summary>
    /// The public keys as a JWK Set (RFC 7517 §8.5 media type). Kept by caches for five minutes only: after a
    /// rotation a verifier that meets the new key's id refetches, and old keys stay in the set.
    /// </summary>
    [Function("GetIssuerKeys")]
    public IActionResult GetIssuerKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/issuer/jwks.json")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        var keys = credentials.KeySet(HttpApi.LanguageOf(req));
        if (keys.IsOk)
        {
            req.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        }

        return keys.Answer(set => Json(set, "application/jwk-set+json"));
    }

    private static ContentResult Json(JsonObject value, string contentType) =>
        new() { Content = value.ToJsonString(), ContentType = contentType, StatusCode = StatusCodes.Status200OK };
}
