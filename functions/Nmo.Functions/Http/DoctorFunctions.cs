using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Access;
using Nmo.Core.Activations;
using Nmo.Core.Plan;

namespace Nmo.Functions.Http;

/// <summary>What the doctors' portal calls, server to server, with an Entra ID token carrying the app role Portal.</summary>
[RequiresRole(AccessRoles.Portal)]
public sealed class DoctorFunctions(ActivationService activations, EducationPlanService plan)
{
    [Function("ActivateCode")]
    public Task<IActionResult> ActivateCode(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/activations")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        HttpApi.NoStore(req);
        return HttpApi.WithJsonAsync<ActivationRequest>(req, (body, language) =>
            activations.ActivateAsync(body, language, cancellationToken).AnswerAsync(activated => HttpApi.Json(activated)),
            cancellationToken);
    }

    [Function("GetCredits")]
    public Task<IActionResult> GetCredits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/doctors/{doctorId}/credits")] HttpRequest req,
        string doctorId,
        CancellationToken cancellationToken)
    {
        HttpApi.NoStore(req);
        return plan.GetReportAsync(doctorId, HttpApi.LanguageOf(req), cancellationToken).AnswerAsync(report => HttpApi.Json(report));
    }
}
