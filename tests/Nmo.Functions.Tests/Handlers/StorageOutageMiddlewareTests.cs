using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Nmo.Functions.Http;

namespace Nmo.Functions.Tests.Handlers;

/// <summary>
/// The worker middleware Program.cs registers, around functions that throw as storage does when it is down: an HTTP
/// function is answered 503 problem+json with Retry-After; anything else keeps failing as before.
/// </summary>
public sealed class StorageOutageMiddlewareTests
{
    private static readonly IServiceProvider Mvc = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();

    private static readonly Exception Refused = new AggregateException(
        "Retry failed after 4 tries.",
        Enumerable.Range(0, 4).Select(_ => new RequestFailedException(0, "Connection refused (127.0.0.1:10002)", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)))));

    [Theory]
    [InlineData("", "Хранилище временно недоступно")]
    [InlineData("en", "Storage temporarily unavailable")]
    public async Task An_http_function_failing_on_unreachable_storage_is_answered_503_problem_json_with_retry_after(string language, string title)
    {
        var http = Http(language);
        http.Response.Headers.ETag = "\"half-written\"";

        await Invoke(Context(http), Refused);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
        Assert.False(http.Response.Headers.ContainsKey("ETag"));
        var body = Body(http);
        Assert.Equal("storage.unavailable", body.GetProperty("code").GetString());
        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Equal(503, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Storage_answering_server_busy_after_the_sdks_retries_is_answered_503_too()
    {
        var http = Http("en");

        await Invoke(Context(http), new RequestFailedException(503, "The server is busy.", "ServerBusy", null));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("storage.unavailable", Body(http).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_answer_about_the_data_or_a_bug_is_not_turned_into_503()
    {
        var conflict = new RequestFailedException(409, "exists", "EntityAlreadyExists", null);
        var bug = new InvalidOperationException("bug");

        Assert.Same(conflict, await Assert.ThrowsAsync<RequestFailedException>(() => Invoke(Context(Http("en")), conflict)));
        Assert.Same(bug, await Assert.ThrowsAsync<InvalidOperationException>(() => Invoke(Context(Http("en")), bug)));
    }

    [Fact]
    public async Task A_queue_or_timer_function_keeps_failing_so_the_host_retries_it()
    {
        var failure = await Record.ExceptionAsync(() => Invoke(Context(http: null), Refused));

        Assert.Same(Refused, failure);
    }

    [Fact]
    public async Task A_client_that_went_away_is_not_answered()
    {
        var http = Http("en");
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        http.RequestAborted = gone.Token;
        var cancelled = new OperationCanceledException(gone.Token);

        Assert.Same(cancelled, await Record.ExceptionAsync(() => Invoke(Context(http), cancelled)));
    }

    private static Task Invoke(FunctionContext context, Exception thrown) =>
        new StorageOutageMiddleware(NullLogger<StorageOutageMiddleware>.Instance).Invoke(context, _ => throw thrown);

    private static DefaultHttpContext Http(string language)
    {
        var http = new DefaultHttpContext { RequestServices = Mvc };
        http.Request.Headers.AcceptLanguage = language;
        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>A function's context as the worker gives it; the ASP.NET Core integration puts the request's HttpContext in its items.</summary>
    private static FunctionContext Context(HttpContext? http)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("Activate");
        var items = new Dictionary<object, object>();
        if (http is not null)
        {
            items["HttpRequestContext"] = http;
        }

        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(items);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        return context.Object;
    }

    private static JsonElement Body(HttpContext http)
    {
        http.Response.Body.Position = 0;
        return JsonDocument.Parse(http.Response.Body).RootElement;
    }
}
