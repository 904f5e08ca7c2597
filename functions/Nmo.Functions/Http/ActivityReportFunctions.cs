using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Access;
using Nmo.Core.Plan;

namespace Nmo.Functions.Http;

/// <summary>The doctors' portal's report of educational activity: the same role as GET .../credits.</summary>
[RequiresRole(AccessRoles.Portal)]
public sealed class ActivityReportFunctions(EducationReportService reports)
{
    /// <summary>The education-plan report as the document the doctor hands in (отчёт об образовательной активности), A4 PDF.</summary>
    [Function("GetCreditsPdf")]
    public Task<IActionResult> GetCreditsPdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/doctors/{doctorId}/credits.pdf")] HttpRequest req,
        string doctorId,
        CancellationToken cancellationToken)
    {
        HttpApi.NoStore(req);
        return reports.PdfAsync(doctorId, HttpApi.LanguageOf(req), cancellationToken)
            .AnswerAsync(bytes => new FileContentResult(bytes, "application/pdf") { FileDownloadName = $"credits-{doctorId}.pdf" });
    }
}
