using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

public sealed class LocalFunctionHostHttpTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Get_with_route_parameter_runs_the_function_and_answers_camel_case_json()
    {
        var response = await fixture.Http.GetAsync("/api/echo/anna?q=42");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("anna", json.RootElement.GetProperty("name").GetString());
        Assert.Equal("GET", json.RootElement.GetProperty("method").GetString());
        Assert.Equal("42", json.RootElement.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Post_passes_the_request_body_to_the_function()
    {
        var response = await fixture.Http.PostAsync("/api/echo/boris", new StringContent("ФИО;Email", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("boris", answer.GetProperty("name").GetString());
        Assert.Equal("ФИО;Email", answer.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_method_the_function_does_not_accept_is_405()
    {
        var before = fixture.Recorder.StartedCount("http:anna");

        var response = await fixture.Http.DeleteAsync("/api/echo/anna");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(before, fixture.Recorder.StartedCount("http:anna"));
    }

    [Theory]
    [InlineData("/api/nothing-here")]
    [InlineData("/echo/anna")]
    [InlineData("/api/echo")]
    public async Task An_unknown_path_is_404(string path)
    {
        var response = await fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Route_constraints_apply()
    {
        var id = Guid.NewGuid().ToString();

        var matching = await fixture.Http.GetAsync($"/api/items/{id}");
        var notAGuid = await fixture.Http.GetAsync("/api/items/not-a-guid");

        Assert.Equal(HttpStatusCode.OK, matching.StatusCode);
        Assert.Equal(id, (await matching.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notAGuid.StatusCode);
    }

    [Fact]
    public async Task Problem_details_are_sent_as_problem_json_with_the_status()
    {
        var response = await fixture.Http.PostAsync("/api/refuse", new StringContent(string.Empty));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Файл не принят", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_exception_in_the_function_is_an_empty_500_and_is_logged()
    {
        var response = await fixture.Http.GetAsync("/api/crash");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        Assert.Contains(fixture.Logs.Entries, e => e.Category == "Function.Crash" && e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task A_body_over_the_kestrel_limit_is_413()
    {
        // With 100-continue the client waits for the verdict before sending, so the 413 cannot race a reset connection.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/echo/big")
        {
            Content = new ByteArrayContent(new byte[LocalHostFixture.MaxRequestBodySize + 1]),
        };
        request.Headers.ExpectContinue = true;

        var response = await fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public void Start_up_prints_the_listening_address_and_the_function_table()
    {
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", fixture.Address);
        Assert.Contains(fixture.Logs.Entries, e => e.Category == "Microsoft.Hosting.Lifetime" && e.Message == $"Now listening on: {fixture.Address}");
        var table = Assert.Single(fixture.Logs.Entries, e => e.Message.StartsWith("Functions:", StringComparison.Ordinal)).Message;
        Assert.Contains($"Echo: [GET,POST] {fixture.Address}/api/echo/{{name}}", table, StringComparison.Ordinal);
        Assert.Contains("RecordText: queueTrigger (text-samples)", table, StringComparison.Ordinal);
        Assert.Contains(fixture.Logs.Entries, e => e.Message.Contains("not enforced locally", StringComparison.Ordinal) && e.Message.Contains("ItemById (Function)", StringComparison.Ordinal));
    }
}
