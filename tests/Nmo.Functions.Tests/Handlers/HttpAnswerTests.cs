using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.Functions.Http;

namespace Nmo.Functions.Tests.Handlers;

/// <summary>The one adapter from a core result to an HTTP answer, and the one provider-route helper, executed as the host executes them.</summary>
public sealed class HttpAnswerTests
{
    private static readonly IServiceProvider Mvc = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();

    public static TheoryData<string> Codes() => [.. ProblemType.All.Select(t => t.Code)];

    private static async Task<HttpResponse> ExecuteAsync(IActionResult result)
    {
        var context = new DefaultHttpContext { RequestServices = Mvc };
        context.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        return context.Response;
    }

    private static JsonElement Body(HttpResponse response) => JsonDocument.Parse(response.Body).RootElement;

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task Any_problem_that_says_when_to_retry_is_answered_with_retry_after(string code)
    {
        var problem = Problem.Of(ProblemType.All.Single(t => t.Code == code), Language.En, "x", "y", "z") with { RetryAfter = TimeSpan.FromSeconds(90.2) };
        Result<string> result = problem;

        var response = await ExecuteAsync(result.Answer(v => HttpApi.Json(v)));

        Assert.Equal(problem.Status, response.StatusCode);
        Assert.Equal("91", response.Headers.RetryAfter.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        var body = Body(response);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(problem.Title, body.GetProperty("title").GetString());
        Assert.Equal(problem.Detail, body.GetProperty("detail").GetString());
        Assert.Equal(problem.Status, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_problem_without_a_wait_has_no_retry_after_and_a_wait_under_a_second_says_one()
    {
        var plain = await ExecuteAsync(new ProblemResult(Problem.Of(ProblemType.CodeUnknown, Language.Ru)));
        var brief = await ExecuteAsync(new ProblemResult(Problem.Of(ProblemType.CodeThrottled, Language.Ru, 1) with { RetryAfter = TimeSpan.FromMilliseconds(10) }));

        Assert.False(plain.Headers.ContainsKey("Retry-After"));
        Assert.Equal("1", brief.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task The_members_of_a_problem_are_in_the_body_beside_the_standard_ones()
    {
        var problem = Problem.Of(ProblemType.BodyTooLarge, Language.Ru, 1).With("maxBytes", 1048576L).With("maxMegabytes", 1L);

        var body = Body(await ExecuteAsync(new ProblemResult(problem)));

        Assert.Equal(1048576L, body.GetProperty("maxBytes").GetInt64());
        Assert.Equal("https://nmo.example/problems/body.too-large", body.GetProperty("type").GetString());
        Assert.Equal("Слишком большой запрос", body.GetProperty("title").GetString());
        Assert.Contains("1 МБ", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_is_answered_by_the_routes_own_mapping()
    {
        Result<string> result = "made";

        var answer = Assert.IsType<ObjectResult>(result.Answer(v => HttpApi.Json(new { v }, StatusCodes.Status201Created)));

        Assert.Equal(201, answer.StatusCode);
        Assert.Equal(201, (await ExecuteAsync(answer)).StatusCode);
    }

    [Theory]
    [InlineData(null, "auth.missing")]
    [InlineData("", "auth.missing")]
    [InlineData("nmo_prv-unknown_secret", "auth.invalid")]
    [InlineData("not-a-key", "auth.invalid")]
    public async Task A_provider_route_refuses_a_missing_or_wrong_key_before_it_reads_the_body(string? key, string code)
    {
        var store = new Mock<IProviderStore>();
        var routes = new ProviderRoutes(new ProviderService(store.Object, TimeProvider.System));
        var body = new WatchedStream("""{"title":"t"}""");
        var handled = false;

        var result = await routes.HandleJsonAsync<Dictionary<string, string>>(
            Request(body, key), (_, _, _) => { handled = true; return Task.FromResult<IActionResult>(new OkResult()); }, CancellationToken.None);

        var problem = Assert.IsType<ProblemResult>(result).Problem;
        Assert.Equal((401, code), (problem.Status, problem.Code));
        Assert.False(body.WasRead);
        Assert.False(handled);
    }

    [Fact]
    public async Task A_provider_route_with_a_valid_key_reads_the_body_and_hands_both_on()
    {
        var (service, created) = await ProviderWithKeyAsync();
        var routes = new ProviderRoutes(service);
        var body = new WatchedStream("""{"title":"t"}""");
        (ProviderRecord Provider, Dictionary<string, string> Body, Language Language)? seen = null;

        var result = await routes.HandleJsonAsync<Dictionary<string, string>>(
            Request(body, created.ApiKey, "en"),
            (provider, json, language) => { seen = (provider, json, language); return Task.FromResult<IActionResult>(new OkResult()); },
            CancellationToken.None);

        Assert.IsType<OkResult>(result);
        Assert.True(body.WasRead);
        Assert.Equal(created.ProviderId, seen?.Provider.ProviderId);
        Assert.Equal("t", seen?.Body["title"]);
        Assert.Equal(Language.En, seen?.Language);
    }

    [Fact]
    public async Task A_provider_route_with_a_valid_key_and_broken_json_answers_400_without_calling_the_handler()
    {
        var (service, created) = await ProviderWithKeyAsync();
        var handled = false;

        var result = await new ProviderRoutes(service).HandleJsonAsync<Dictionary<string, string>>(
            Request(new WatchedStream("""{"title":"""), created.ApiKey),
            (_, _, _) => { handled = true; return Task.FromResult<IActionResult>(new OkResult()); },
            CancellationToken.None);

        Assert.Equal("body.invalid-json", Assert.IsType<ProblemResult>(result).Problem.Code);
        Assert.False(handled);
    }

    private static async Task<(ProviderService Service, ProviderCreated Created)> ProviderWithKeyAsync()
    {
        var store = new Mock<IProviderStore>();
        ProviderRecord? stored = null;
        store.Setup(s => s.AddAsync(It.IsAny<ProviderRecord>(), It.IsAny<CancellationToken>())).Callback<ProviderRecord, CancellationToken>((p, _) => stored = p);
        store.Setup(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(() => stored);
        var service = new ProviderService(store.Object, TimeProvider.System);
        return (service, await service.CreateAsync("Провайдер", CancellationToken.None));
    }

    private static HttpRequest Request(Stream body, string? apiKey, string? language = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = body;
        context.Request.ContentType = "application/json";
        if (apiKey is not null)
        {
            context.Request.Headers[ProviderRoutes.Header] = apiKey;
        }

        if (language is not null)
        {
            context.Request.Headers.AcceptLanguage = language;
        }

        return context.Request;
    }

    /// <summary>A request body that remembers whether anyone read it.</summary>
    private sealed class WatchedStream(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public bool WasRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            WasRead = true;
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            WasRead = true;
            return base.Read(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            WasRead = true;
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WasRead = true;
            return base.ReadAsync(buffer, cancellationToken);
        }
    }
}
