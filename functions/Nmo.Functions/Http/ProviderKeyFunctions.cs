using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Access;
using Nmo.Core.Common;
using Nmo.Core.Providers;

namespace Nmo.Functions.Http;

/// <summary>Operators list, rotate and revoke a provider's API keys; each change is audited under the provider.</summary>
[RequiresRole(AccessRoles.Operator)]
public sealed class ProviderKeyFunctions(ProviderKeyService keys)
{
    [Function("ListProviderKeys")]
    public Task<IActionResult> ListProviderKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/admin/providers/{providerId}/keys")] HttpRequest req,
        string providerId,
        CancellationToken cancellationToken)
    {
        HttpApi.NoStore(req);
        return keys.ListAsync(providerId, HttpApi.LanguageOf(req), cancellationToken).AnswerAsync(list => HttpApi.Json(new { keys = list }));
    }

    /// <summary>A new key, in this answer only; <c>?graceDays=N</c> (default <c>Providers:KeyGracePeriod</c>) for the keys before it.</summary>
    [Function("RotateProviderKey")]
    public async Task<IActionResult> RotateProviderKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/providers/{providerId}/keys")] HttpRequest req,
        string providerId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        HttpApi.NoStore(req);
        var language = HttpApi.LanguageOf(req);
        TimeSpan? grace = null;
        if (req.Query.TryGetValue("graceDays", out var days))
        {
            if (!int.TryParse(days.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return new ProblemResult(Problem.Of(ProblemType.QueryInvalid, language, "graceDays", $"0..{ProviderKeyService.MaxGracePeriod.TotalDays}"));
            }

            grace = TimeSpan.FromDays(value);
        }

        return await keys.RotateAsync(providerId, grace, AccessAnswer.CallerOf(req), language, cancellationToken)
            .AnswerAsync(rotated => HttpApi.Json(rotated, StatusCodes.Status201Created));
    }

    [Function("RevokeProviderKey")]
    public Task<IActionResult> RevokeProviderKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/admin/providers/{providerId}/keys/{keyId}")] HttpRequest req,
        string providerId,
        string keyId,
        CancellationToken cancellationToken)
    {
        HttpApi.NoStore(req);
        return keys.RevokeAsync(providerId, keyId, AccessAnswer.CallerOf(req), HttpApi.LanguageOf(req), cancellationToken).AnswerAsync(key => HttpApi.Json(key));
    }
}
