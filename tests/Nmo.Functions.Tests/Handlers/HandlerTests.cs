using Nmo.Core.Audit;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Nmo.Core.Activations;
using Nmo.Core.Codes;
using Nmo.Core.Events;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Providers;
using Nmo.Core.Uploads;
using Nmo.Functions.Http;

namespace Nmo.Functions.Tests.Handlers;

/// <summary>Function methods called directly, as the host would, with the storage ports mocked.</summary>
public sealed class HandlerTests
{
    private readonly Mock<IProviderStore> providerStore = new();
    private readonly Mock<ICodeStore> codeStore = new();
    private readonly Mock<IThrottleStore> throttleStore = new();

    private static HttpRequest Request(string? body, string? language = null, string? apiKey = null)
    {
        var context = new DefaultHttpContext();
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        if (language is not null)
        {
            context.Request.Headers.AcceptLanguage = language;
        }

        if (apiKey is not null)
        {
            context.Request.Headers[ProviderRoutes.Header] = apiKey;
        }

        return context.Request;
    }

    private static ProblemDetails Problem(IActionResult result, int status)
    {
        var objectResult = Assert.IsType<ProblemResult>(result);
        Assert.Equal(status, objectResult.StatusCode);
        Assert.Contains("application/problem+json", objectResult.ContentTypes);
        return Assert.IsType<ProblemDetails>(objectResult.Value);
    }

    private DoctorFunctions Doctors()
    {
        var ledger = new Mock<ILedgerStore>();
        var time = TimeProvider.System;
        var throttle = new ActivationThrottle(throttleStore.Object, new ThrottleOptions(), time);
        throttleStore.Setup(s => s.TrySaveAsync(It.IsAny<ThrottleState>(), It.IsAny<CancellationToken>())).ReturnsAsync("etag");
        var activation = new ActivationService(
            codeStore.Object, new CodeSecrets("handler-tests-key-0123456789-abcdefgh"), Mock.Of<IEventStore>(), ledger.Object,
            new CreditEffects(ledger.Object, Mock.Of<IMessageQueue>(), time), Mock.Of<IAuditLog>(), throttle, time, NullLogger<ActivationService>.Instance);
        return new DoctorFunctions(activation, new EducationPlanService(ledger.Object, new PlanOptions(), time));
    }

    [Fact]
    public async Task Creating_a_provider_returns_its_key_once_and_stores_only_a_hash()
    {
        ProviderRecord? stored = null;
        providerStore.Setup(s => s.AddAsync(It.IsAny<ProviderRecord>(), It.IsAny<CancellationToken>()))
            .Callback<ProviderRecord, CancellationToken>((p, _) => stored = p);
        var functions = new ProviderFunctions(new ProviderService(providerStore.Object, TimeProvider.System));

        var result = await functions.CreateProvider(Request("""{"name":"Общество кардиологов"}"""), CancellationToken.None);

        var created = Assert.IsType<ProviderCreated>(Assert.IsType<ObjectResult>(result).Value);
        Assert.Equal(201, ((ObjectResult)result).StatusCode);
        Assert.NotNull(stored);
        Assert.Equal(created.ProviderId, stored.ProviderId);
        Assert.DoesNotContain(created.ApiKey, stored.KeyHash, StringComparison.Ordinal);
        Assert.Equal(ProviderService.HashKey(created.ApiKey), stored.KeyHash);
    }

    [Fact]
    public async Task A_provider_without_a_name_is_refused_with_the_field_named()
    {
        var functions = new ProviderFunctions(new ProviderService(providerStore.Object, TimeProvider.System));

        var problem = Problem(await functions.CreateProvider(Request("""{"name":"  "}"""), CancellationToken.None), 422);

        Assert.Contains("name", problem.Detail);
        providerStore.Verify(s => s.AddAsync(It.IsAny<ProviderRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Broken_json_is_a_400_that_says_where_in_russian_by_default_and_in_english_on_request()
    {
        var ru = Problem(await Doctors().ActivateCode(Request("""{"doctorId": "d1", "code": }"""), CancellationToken.None), 400);
        var en = Problem(await Doctors().ActivateCode(Request("""{"doctorId": "d1", "code": }""", "en-US,en;q=0.9"), CancellationToken.None), 400);

        Assert.Contains("JSON", ru.Detail);
        Assert.Contains("Тело запроса", ru.Detail);
        Assert.StartsWith("The request body", en.Detail);
    }

    [Fact]
    public async Task A_mistyped_code_is_a_422_without_a_storage_lookup_and_counts_as_a_failed_attempt()
    {
        var valid = ConfirmationCode.Generate();
        var mistyped = valid[..^1] + (valid[^1] == '2' ? '3' : '2');

        var problem = Problem(await Doctors().ActivateCode(Request($$"""{"doctorId":"d1","email":"d1@clinic.example","code":"{{mistyped}}"}"""), CancellationToken.None), 422);

        Assert.Contains("ошибкой", problem.Detail);
        codeStore.Verify(s => s.FindAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        throttleStore.Verify(s => s.TrySaveAsync(It.Is<ThrottleState>(t => t.DoctorId == "d1" && t.Failures.Count == 1), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Provider_routes_refuse_a_missing_or_wrong_key_with_401()
    {
        var auth = new ProviderRoutes(new ProviderService(providerStore.Object, TimeProvider.System));
        var events = new EventFunctions(auth, new EventService(Mock.Of<IEventStore>(), Mock.Of<IAttendeeStore>(), Mock.Of<IAuditLog>(), TimeProvider.System));
        const string body = """{"title":"t","kind":"event","startDate":"2026-01-01","endDate":"2026-01-01","place":"p","credits":1}""";

        Problem(await events.PutEvent(Request(body), "ev-1", CancellationToken.None), 401);
        Problem(await events.PutEvent(Request(body, apiKey: "nmo_prv-unknown_secret"), "ev-1", CancellationToken.None), 401);
    }

    [Fact]
    public async Task A_provider_cannot_change_another_providers_event()
    {
        var eventStore = new Mock<IEventStore>();
        eventStore.Setup(s => s.FindAsync("ev-1", It.IsAny<CancellationToken>())).ReturnsAsync(new EventRecord(
            "ev-1", "prv-other", "Other", "T", "event", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 1), "P", 1, null, DateTimeOffset.UtcNow));
        var service = new ProviderService(providerStore.Object, TimeProvider.System);
        ProviderRecord? stored = null;
        providerStore.Setup(s => s.AddAsync(It.IsAny<ProviderRecord>(), It.IsAny<CancellationToken>())).Callback<ProviderRecord, CancellationToken>((p, _) => stored = p);
        var created = await service.CreateAsync("Mine", CancellationToken.None);
        providerStore.Setup(s => s.FindAsync(created.ProviderId, It.IsAny<CancellationToken>())).ReturnsAsync(() => stored);
        var events = new EventFunctions(new ProviderRoutes(service), new EventService(eventStore.Object, Mock.Of<IAttendeeStore>(), Mock.Of<IAuditLog>(), TimeProvider.System));

        var result = await events.PutEvent(
            Request("""{"title":"t","kind":"event","startDate":"2026-01-01","endDate":"2026-01-01","place":"p","credits":1}""", apiKey: created.ApiKey),
            "ev-1", CancellationToken.None);

        Problem(result, 403);
        eventStore.Verify(s => s.TrySaveAsync(It.IsAny<EventRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
