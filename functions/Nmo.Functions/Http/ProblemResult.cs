using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Nmo.Core.Common;

namespace Nmo.Functions.Http;

/// <summary>
/// A <see cref="Problem"/> as application/problem+json with its status. <c>Retry-After</c> is written while the
/// result executes, from the problem itself, so no route can answer a problem that says when to retry without it.
/// </summary>
public sealed class ProblemResult : ObjectResult
{
    public const string ContentType = "application/problem+json";

    public ProblemResult(Problem problem)
        : base(Details(problem))
    {
        Problem = problem;
        StatusCode = problem.Status;
        ContentTypes.Add(ContentType);
    }

    public Problem Problem { get; }

    public override Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetRetryAfter(context.HttpContext.Response, Problem);
        return base.ExecuteResultAsync(context);
    }

    /// <summary>The problem's <c>Retry-After</c>, for answers that carry a problem in another form (an HTML page).</summary>
    internal static void SetRetryAfter(HttpResponse response, Problem problem)
    {
        if (problem.RetryAfter is { } retryAfter)
        {
            // Whole seconds, at least one: a client told "0" would retry at once.
            response.Headers[HeaderNames.RetryAfter] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static ProblemDetails Details(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var details = new ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
            Type = $"https://nmo.example/problems/{problem.Code}",
        };
        details.Extensions["code"] = problem.Code;
        foreach (var (key, value) in problem.Extensions)
        {
            details.Extensions[key] = value;
        }

        return details;
    }
}
