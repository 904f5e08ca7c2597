using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using Nmo.Core.Uploads;

namespace Nmo.Functions.Http;

public sealed class UploadFunctions(ProviderAuthenticator auth, UploadService uploads, UploadOptions options)
{
    private const long KestrelMargin = 8L * 1024 * 1024;

    [Function("UploadAttendance")]
    public async Task<IActionResult> UploadAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events/{eventId}/attendance")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken)
    {
        var (provider, denied) = await auth.AuthenticateAsync(req, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        // Kestrel stops bodies at 30 MB by default and answers past its limit with a bare 413. The upload limit is
        // ours to enforce, with a 413 that says what the limit is; Kestrel's stays as a backstop a few reads above
        // it (one read can bring up to its 1 MB request buffer), so our count always trips first.
        if (req.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.EffectiveMaxBytes + KestrelMargin;
        }

        var result = await uploads.AcceptAsync(provider!, eventId, req.Body, req.ContentLength, HttpApi.LanguageOf(req), cancellationToken);
        return result switch
        {
            UploadAcceptResult.Accepted accepted => HttpApi.Json(
                new
                {
                    uploadId = accepted.Upload.UploadId,
                    statusUrl = $"/api/uploads/{accepted.Upload.UploadId}",
                    reportUrl = $"/api/uploads/{accepted.Upload.UploadId}/report.csv",
                    duplicate = accepted.Duplicate,
                    status = accepted.Upload.Status,
                    encoding = accepted.Upload.Encoding,
                    delimiter = accepted.Upload.Delimiter,
                    rows = accepted.Upload.Rows,
                    accepted = accepted.Upload.Accepted,
                    rejected = accepted.Upload.Rejected,
                },
                StatusCodes.Status202Accepted),
            UploadAcceptResult.Refused refused => HttpApi.Problem(refused.Problem),
            _ => throw new InvalidOperationException(),
        };
    }

    [Function("GetUpload")]
    public async Task<IActionResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads/{uploadId}")] HttpRequest req,
        string uploadId,
        CancellationToken cancellationToken)
    {
        var (provider, denied) = await auth.AuthenticateAsync(req, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var language = HttpApi.LanguageOf(req);
        var status = await uploads.GetStatusAsync(provider!, uploadId, language, cancellationToken);
        return status is null ? HttpApi.Problem(UploadService.NotFound(uploadId, language)) : HttpApi.Json(status);
    }

    [Function("GetUploadReport")]
    public async Task<IActionResult> GetUploadReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "uploads/{uploadId}/report.csv")] HttpRequest req,
        string uploadId,
        CancellationToken cancellationToken)
    {
        var (provider, denied) = await auth.AuthenticateAsync(req, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        return await uploads.GetReportAsync(provider!, uploadId, HttpApi.LanguageOf(req), cancellationToken) switch
        {
            UploadReportResult.Ready ready => new StreamedReport(ready),
            UploadReportResult.NotFound missing => HttpApi.Problem(missing.Problem),
            UploadReportResult.NotReady waiting => HttpApi.Problem(waiting.Problem),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Writes the report straight into the response body: a 500,000-row report is never held whole.</summary>
    private sealed class StreamedReport(UploadReportResult.Ready report) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = UploadReportResult.Ready.ContentType;
            response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = report.FileName }.ToString();
            return report.WriteAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
