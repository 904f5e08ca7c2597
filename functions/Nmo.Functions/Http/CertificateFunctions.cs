using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Certificates;
using Nmo.Core.Common;
using Nmo.Core.Credentials;
using Nmo.Core.Localization;

namespace Nmo.Functions.Http;

/// <summary>Certificates anyone can check: no key, the unguessable id is the only way in.</summary>
public sealed class CertificateFunctions(CertificateVerificationService verification, CredentialService credentials)
{
    [Function("GetCertificate")]
    public async Task<IActionResult> GetCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/certificates/{certificateId}")] HttpRequest req,
        string certificateId,
        CancellationToken cancellationToken)
    {
        var language = HttpApi.LanguageOf(req);
        var found = await verification.FindAsync(certificateId, ClientAddress.Of(req), language, cancellationToken);
        // The state can change at any moment (an activation, a revocation): no cache may keep an old answer.
        HttpApi.NoStore(req);
        if (WantsJson(req))
        {
            return found.Answer(document => HttpApi.Json(document.View));
        }

        return found.Match(
            document => Html(CertificatePage.Render(document.View, language), StatusCodes.Status200OK),
            problem => Html(CertificatePage.Render(problem, language), problem.Status, req, problem));
    }

    [Function("GetCertificatePdf")]
    public async Task<IActionResult> GetCertificatePdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/certificates/{certificateId}/pdf")] HttpRequest req,
        string certificateId,
        CancellationToken cancellationToken)
    {
        var pdf = await verification.PdfAsync(certificateId, req.Query["key"].FirstOrDefault(), ClientAddress.Of(req), HttpApi.LanguageOf(req), cancellationToken);
        HttpApi.NoStore(req);
        return pdf.Answer(bytes => new FileContentResult(bytes, "application/pdf") { FileDownloadName = $"certificate-{certificateId}.pdf" });
    }

    /// <summary>
    /// The certificate as a signed Open Badges 3.0 credential (compact JWS). Served as <c>application/vc+jwt</c>, the
    /// media type VC-JOSE-COSE registers for a VCDM 2.0 credential secured as a JWT; OB 3.0 names none of its own.
    /// </summary>
    [Function("GetCertificateCredential")]
    public async Task<IActionResult> GetCertificateCredential(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/certificates/{certificateId}/credential")] HttpRequest req,
        string certificateId,
        CancellationToken cancellationToken)
    {
        var credential = await credentials.CredentialAsync(certificateId, ClientAddress.Of(req), HttpApi.LanguageOf(req), cancellationToken);
        HttpApi.NoStore(req);
        return credential.Answer(jws => new ContentResult { Content = jws, ContentType = "application/vc+jwt", StatusCode = StatusCodes.Status200OK });
    }

    /// <summary>JSON for a program that asks for it; a person's browser (or no preference) gets the page.</summary>
    internal static bool WantsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase) && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    private static ContentResult Html(string html, int status, HttpRequest? request = null, Problem? problem = null)
    {
        if (request is not null && problem is not null)
        {
            ProblemResult.SetRetryAfter(request.HttpContext.Response, problem);
        }

        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = status };
    }
}
