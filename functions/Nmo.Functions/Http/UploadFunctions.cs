using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Uploads;

namespace Nmo.Functions.Http;

public sealed class UploadFunctions(ProviderAuthenticator auth, UploadService uploads, UploadOptions options)
{
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

        // Kestrel stops bodies at 30 MB by default; the upload limit is ours to enforce, with a 413 that says so.
        if (req.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxBytes + 1;
        }

        var language = HttpApi.LanguageOf(req);
        var result = await uploads.AcceptAsync(provider!, eventId, req.Body, req.ContentLength, language, cancellationToken);
        return result switch
        {
            UploadAcceptResult.Accepted accepted => HttpApi.Json(
                new
                {
                    uploadId = accepted.Upload.UploadId,
                    statusUrl = $"/api/uploads/{accepted.Upload.UploadId}",
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
        return status is null
            ? HttpApi.Problem(new Problem(404, "upload.not-found", Texts.Get("upload.not-found", language, uploadId), Texts.Get("upload.not-found", language, uploadId)))
            : HttpApi.Json(status);
    }
}
