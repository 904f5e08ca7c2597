using Moq;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.Core.Tests.Common;

namespace Nmo.Core.Tests.Events;

public sealed class EventServiceTests
{
    private static readonly ProviderRecord Provider = new("prv-1", "Общество кардиологов", "hash", DateTimeOffset.UnixEpoch);
    private readonly Mock<IEventStore> store = new();

    private Task<Result<EventSaved>> SaveAsync(EventRequest request, Language language) =>
        new EventService(store.Object, TimeProvider.System).SaveAsync(Provider, "ev-1", request, language, CancellationToken.None);

    [Theory]
    [InlineData(Language.Ru, "Мероприятие заполнено неверно", "Поле «title» заполнено неверно: управляющие символы", "Поле «endDate» заполнено неверно: раньше startDate")]
    [InlineData(Language.En, "The event is not valid", "The field 'title' is not valid: control characters", "The field 'endDate' is not valid: before startDate")]
    public async Task Every_field_error_is_listed_in_the_callers_language(Language language, string title, string titleError, string dateError)
    {
        var request = new EventRequest("Школа\u0007", "event", new DateOnly(2026, 11, 21), new DateOnly(2026, 11, 20), "Москва", 6, null);

        var problem = ResultAssert.Problem(await SaveAsync(request, language));

        Assert.Equal((422, "event.invalid", title), (problem.Status, problem.Code, problem.Title));
        var errors = Assert.IsType<List<string>>(problem.Extensions["errors"]);
        Assert.Equal([titleError, dateError], errors);
        Assert.Equal(string.Join(" ", errors), problem.Detail);
        store.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_valid_event_is_created_once_and_changed_afterwards()
    {
        var request = new EventRequest(" Школа ", "EVENT", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null);

        var created = ResultAssert.Ok(await SaveAsync(request, Language.Ru));
        store.Setup(s => s.FindAsync("ev-1", It.IsAny<CancellationToken>())).ReturnsAsync(created.Event);
        var changed = ResultAssert.Ok(await SaveAsync(request, Language.Ru));

        Assert.True(created.Created);
        Assert.False(changed.Created);
        Assert.Equal(("Школа", "event"), (created.Event.Title, created.Event.Kind));
        store.Verify(s => s.SaveAsync(It.IsAny<EventRecord>(), true, It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.SaveAsync(It.IsAny<EventRecord>(), false, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(null, "Поле «name» обязательно.")]
    [InlineData("Имя\nс переводом строки", "Поле «name» заполнено неверно: управляющие символы")]
    public async Task A_provider_name_that_cannot_be_printed_is_refused_and_nothing_is_stored(string? name, string detail)
    {
        var providers = new Mock<IProviderStore>();

        var problem = ResultAssert.Problem(await new ProviderService(providers.Object, TimeProvider.System).RegisterAsync(name, Language.Ru, CancellationToken.None));

        Assert.Equal((422, "provider.invalid", detail), (problem.Status, problem.Code, problem.Detail));
        providers.VerifyNoOtherCalls();
    }
}
