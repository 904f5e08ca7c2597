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

    /// <summary>A route that takes a small JSON body: the body is read (or refused) before <paramref name="handle"/> runs.</summary>
    public static async Task<IActionResult> WithJsonAsync<TBody>(
        HttpRequest request, Func<TBody, Language, Task<IActionResult>> handle, CancellationToken cancellationToken)
        where TBody : class
    {
        ArgumentNullException.ThrowIfNull(handle);
        var language = LanguageOf(request);
        var body = await ReadJsonAsync<TBody>(request, language, cancellationToken);
        return body.IsOk ? await handle(body.Value, language) : new ProblemResult(body.Problem);
    }

    /// <summary>Reads a small JSON body; a missing, oversized or malformed body is a problem in the caller's language.</summary>
    public static async Task<Result<T>> ReadJsonAsync<T>(HttpRequest request, Language language, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxJsonBytes)
        {
            return TooLarge(language);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBytes)
            {
                return TooLarge(language);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return Problem.Of(ProblemType.BodyMissing, language);
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonOptions);
            return value is null ? Problem.Of(ProblemType.BodyMissing, language) : value;
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $"{path} (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})" : e.Message;
            return Problem.Of(ProblemType.BodyInvalidJson, language, where);
        }
    }

    /// <summary>The answer to a core service's result: <paramref name="ok"/> for its value, problem+json for its problem.</summary>
    public static IActionResult Answer<T>(this Result<T> result, Func<T, IActionResult> ok)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Match(ok, problem => new ProblemResult(problem));
    }

    public static async Task<IActionResult> AnswerAsync<T>(this Task<Result<T>> result, Func<T, IActionResult> ok)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (await result).Answer(ok);
    }

    /// <summary>A true/false query parameter; absent is false, anything but true or false is refused.</summary>
    public static Result<bool> Flag(HttpRequest request, string name, Language language)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Query[name].ToString();
        return value.Length == 0 || value.Equals("false", StringComparison.OrdinalIgnoreCase) ? false
            : value.Equals("true", StringComparison.OrdinalIgnoreCase) ? true
            : Problem.Of(ProblemType.QueryInvalid, language, name, Texts.Get("reason.dry-run-flag", language));
    }

    /// <summary>
    /// Marks the answer as not to be kept by browsers or proxies: set before the function answers, so the problem it
    /// may answer with carries it too.
    /// </summary>
    public static void NoStore(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
    }

    public static IActionResult Json(object value, int status = StatusCodes.Status200OK) => new ObjectResult(value) { StatusCode = status };

    // The JSON limit (64 KiB) in the megabytes the shared "too large" text speaks of.
    private static Problem TooLarge(Language language) =>
        Problem.Of(ProblemType.BodyTooLarge, language, MaxJsonBytes / (1024.0 * 1024.0));
}
