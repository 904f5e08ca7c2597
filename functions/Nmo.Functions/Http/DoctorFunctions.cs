using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Activations;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Plan;

namespace Nmo.Functions.Http;

/// <summary>What the doctors' portal calls, server to server, with its function key.</summary>
public sealed class DoctorFunctions(ActivationService activations, EducationPlanService plan)
{
    [Function("ActivateCode")]
    public async Task<IActionResult> ActivateCode(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "activations")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        var (body, error) = await HttpApi.ReadJsonAsync<ActivationRequest>(req, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return await activations.ActivateAsync(body!, HttpApi.LanguageOf(req), cancellationToken) switch
        {
            ActivationOutcome.Activated activated => HttpApi.Json(activated.Result),
            ActivationOutcome.Refused refused => HttpApi.Problem(refused.Problem, req),
            _ => throw new InvalidOperationException(),
        };
    }

    [Function("GetCredits")]
    public async Task<IActionResult> GetCredits(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "doctors/{doctorId}/credits")] HttpRequest req,
        string doctorId,
        CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(doctorId))
        {
            var detail = Texts.Get("doctor.invalid", HttpApi.LanguageOf(req));
            return HttpApi.Problem(new Problem(400, "doctor.invalid", detail, detail));
        }

        return HttpApi.Json(await plan.GetReportAsync(doctorId, cancellationToken));
    }
}
