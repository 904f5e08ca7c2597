using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Nmo.Testing.Email;

/// <summary>
/// A loopback stand-in for SendGrid's <c>POST /v3/mail/send</c> that checks every request the way SendGrid
/// would and answers from a script (202 once the script is used up).
/// </summary>
public sealed class FakeSendGridServer : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Answer> script = new();

    private FakeSendGridServer(WebApplication app) => this.app = app;

    public string Host { get; private set; } = string.Empty;

    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>What SendGrid would have refused; a passing test expects none.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public static async Task<FakeSendGridServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeSendGridServer(app);
        app.MapPost("/v3/mail/send", server.HandleAsync);
        await app.StartAsync();
        server.Host = app.Urls.Single();
        return server;
    }

    public void Enqueue(int status, string? body = null, params (string Name, string Value)[] headers) =>
        script.Enqueue(new Answer(status, body, headers));

    public static string ErrorBody(params (string Message, string? Field)[] errors) =>
        JsonSerializer.Serialize(new { errors = errors.Select(e => new { message = e.Message, field = e.Field, help = (string?)null }) });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            Violations.Enqueue($"Authorization header was '{request.Headers.Authorization}'");
            await WriteAsync(context, new Answer(401, ErrorBody(("The provided authorization grant is invalid, expired, or revoked", null)), []));
            return;
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            Violations.Enqueue($"Content-Type was '{request.ContentType}'");
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            body = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            Violations.Enqueue($"Body is not JSON: {ex.Message}");
            await WriteAsync(context, new Answer(400, ErrorBody(("Bad Request", null)), []));
            return;
        }

        Requests.Enqueue(body);
        var problems = Check(body);
        foreach (var problem in problems)
        {
            Violations.Enqueue(problem);
        }

        if (problems.Count > 0)
        {
            await WriteAsync(context, new Answer(400, ErrorBody([.. problems.Select(p => (p, (string?)null))]), []));
            return;
        }

        await WriteAsync(context, script.TryDequeue(out var answer) ? answer : new Answer(202, null, []));
    }

    private static List<string> Check(JsonElement body)
    {
        var problems = new List<string>();
        if (!body.TryGetProperty("personalizations", out var personalizations) || personalizations.ValueKind != JsonValueKind.Array ||
            personalizations.GetArrayLength() is < 1 or > 1000)
        {
            problems.Add("personalizations must be an array of 1 to 1000 items");
        }
        else
        {
            var index = 0;
            foreach (var p in personalizations.EnumerateArray())
            {
                if (!p.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.Array || to.GetArrayLength() == 0 ||
                    to.EnumerateArray().Any(a => !a.TryGetProperty("email", out var e) || string.IsNullOrWhiteSpace(e.GetString())))
                {
                    problems.Add($"personalizations.{index}.to must list addresses");
                }

                if (!p.TryGetProperty("substitutions", out var subs) || subs.ValueKind != JsonValueKind.Object ||
                    subs.EnumerateObject().Any(s => s.Value.ValueKind != JsonValueKind.String))
                {
                    problems.Add($"personalizations.{index}.substitutions must be an object of strings");
                }

                if (!p.TryGetProperty("custom_args", out var args) || args.ValueKind != JsonValueKind.Object ||
                    !args.TryGetProperty("nmo_key", out var key) || key.ValueKind != JsonValueKind.String ||
                    !args.TryGetProperty("nmo_category", out var category) || category.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"personalizations.{index}.custom_args must carry nmo_key and nmo_category");
                }

                index++;
            }
        }

        if (!body.TryGetProperty("from", out var from) || !from.TryGetProperty("email", out var fromEmail) || string.IsNullOrWhiteSpace(fromEmail.GetString()))
        {
            problems.Add("from.email is required");
        }

        if (!body.TryGetProperty("subject", out var subject) || string.IsNullOrWhiteSpace(subject.GetString()))
        {
            problems.Add("subject is required");
        }

        if (!body.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() != 2 ||
            content[0].GetProperty("type").GetString() != "text/plain" || content[1].GetProperty("type").GetString() != "text/html" ||
            content.EnumerateArray().Any(c => string.IsNullOrEmpty(c.GetProperty("value").GetString())))
        {
            problems.Add("content must be text/plain then text/html, both non-empty");
        }

        return problems;
    }

    private static async Task WriteAsync(HttpContext context, Answer answer)
    {
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }
    }

    private sealed record Answer(int Status, string? Body, (string Name, string Value)[] Headers);
}
