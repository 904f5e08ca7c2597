using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using Nmo.Core.Uploads;

namespace Nmo.Functions.Http;

public sealed class UploadFunctions(ProviderRoutes routes, UploadService uploads, UploadPrecheckService prechecks, UploadOptions options)
{
    private const long KestrelMargin = 8L * 1024 * 1024;

    [Function("UploadAttendance")]
    public Task<IActionResult> UploadAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/events/{eventId}/attendance")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
        {
            // Kestrel stops bodies at 30 MB by default and answers past its limit with a bare 413. The upload limit is
            // ours to enforce, with a 413 that says what the limit is; Kestrel's stays as a backstop a few reads above
            // it (one read can bring up to its 1 MB request buffer), so our count always trips first.
            if (req.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.EffectiveMaxBytes + KestrelMargin;
            }

            return HttpApi.Flag(req, "dryRun", language) switch
            {
                { IsOk: false } refused => Task.FromResult<IActionResult>(new ProblemResult(refused.Problem)),
                { Value: true } => prechecks.CheckAsync(provider, eventId, req.Body, req.ContentLength, language, cancellationToken)
                    .AnswerAsync(precheck => HttpApi.Json(precheck)),
                _ => uploads.AcceptAsync(provider, eventId, req.Body, req.ContentLength, language, cancellationToken).AnswerAsync(Accepted),
            };
        }, cancellationToken);

    [Function("GetUpload")]
    public Task<IActionResult> GetUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/uploads/{uploadId}")] HttpRequest req,
        string uploadId,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
            uploads.GetStatusAsync(provider, uploadId, language, cancellationToken).AnswerAsync(status => HttpApi.Json(status)),
            cancellationToken);

    [Function("GetUploadReport")]
    public Task<IActionResult> GetUploadReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/uploads/{uploadId}/report.csv")] HttpRequest req,
        string uploadId,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
            uploads.GetReportAsync(provider, uploadId, language, cancellationToken).AnswerAsync(report => new StreamedReport(report)),
            cancellationToken);

    private static IActionResult Accepted(UploadAccepted accepted) => HttpApi.Json(
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
        StatusCodes.Status202Accepted);

    /// <summary>Writes the report straight into the response body: a 500,000-row report is never held whole.</summary>
    private sealed class StreamedReport(UploadReport report) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = UploadReport.ContentType;
            response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment") { FileName = report.FileName }.ToString();
            return report.WriteAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
