using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Functions.Http;

/// <summary>How every HTTP function reads its input and answers: JSON in, JSON or problem+json out.</summary>
public static class HttpApi
{
    public const int MaxJsonBytes = 64 * 1024;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
    };

    public static Language LanguageOf(HttpRequest request) => Languages.FromAcceptLanguage(request.Headers.AcceptLanguage.ToString());

    /// <summary>Reads a small JSON body; a missing, oversized or malformed body is a problem in the caller's language.</summary>
    public static async Task<(T? Value, IActionResult? Error)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var language = LanguageOf(request);
        if (request.ContentLength > MaxJsonBytes)
        {
            return (null, Problem(new Problem(413, "body.too-large", Texts.Get("body.too-large", language, 0.0625), Texts.Get("body.too-large", language, 0.0625))));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return (null, Problem(new Problem(413, "body.too-large", Texts.Get("body.too-large", language, 0.0625), Texts.Get("body.too-large", language, 0.0625))));
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, Problem(new Problem(400, "body.missing", Texts.Get("body.missing", language), Texts.Get("body.missing", language))));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonOptions);
            return value is null
                ? (null, Problem(new Problem(400, "body.missing", Texts.Get("body.missing", language), Texts.Get("body.missing", language))))
                : (value, null);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $"{path} (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})" : e.Message;
            var detail = Texts.Get("body.invalid-json", language, where);
            return (null, Problem(new Problem(400, "body.invalid-json", detail, detail)));
        }
    }

    public static IActionResult Problem(Problem problem, HttpRequest? request = null)
    {
        var details = new ProblemDetails
        {
            Status = problem.Status,
            Title = problem.Title,
            Detail = problem.Detail,
            Type = $"https://nmo.example/problems/{problem.Code}",
        };
        details.Extensions["code"] = problem.Code;
        foreach (var (key, value) in problem.Extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[key] = value;
        }

        if (problem.RetryAfter is { } retryAfter && request is not null)
        {
            request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new ObjectResult(details) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }

    public static IActionResult Json(object value, int status = StatusCodes.Status200OK) => new ObjectResult(value) { StatusCode = status };
}
