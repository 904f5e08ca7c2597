using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Nmo.Functions.Http;

/// <summary>A JSON answer with the stored version of what it shows as <c>ETag</c>, for the caller's next <c>If-Match</c>.</summary>
public sealed class VersionedResult : ObjectResult
{
    public VersionedResult(object value, string? etag, int status)
        : base(value)
    {
        ETag = etag;
        StatusCode = status;
    }

    public string? ETag { get; }

    public override Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ETag is not null)
        {
            context.HttpContext.Response.Headers[HeaderNames.ETag] = ETag;
        }

        return base.ExecuteResultAsync(context);
    }
}
