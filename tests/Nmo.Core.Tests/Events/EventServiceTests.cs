using Nmo.Core.Audit;
using Moq;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.Core.Tests.Common;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Events;

public sealed class EventServiceTests
{
    private static readonly ProviderRecord Provider = new("prv-1", "Общество кардиологов", "hash", DateTimeOffset.UnixEpoch);

    private static readonly EventRequest Registered = new("Школа", "event", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null);

    private readonly MemoryEventStore store = new();
    private readonly Mock<IAttendeeStore> attendees = new();

    /// <summary>Versioned like Table storage: an insert of a taken id and a replace of a changed version both lose.</summary>
    private sealed class MemoryEventStore : IEventStore
    {
        private readonly Dictionary<string, EventRecord> stored = [];
        private int version;

        /// <summary>Runs once, just before the next write: another writer's save landing between our read and our write.</summary>
        public Action? BeforeNextWrite { get; set; }

        public int Writes { get; private set; }

        public Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken) =>
            Task.FromResult(stored.GetValueOrDefault(eventId));

        public Task<string?> TrySaveAsync(EventRecord record, CancellationToken cancellationToken)
        {
            var interleaved = BeforeNextWrite;
            BeforeNextWrite = null;
            interleaved?.Invoke();
            if (stored.GetValueOrDefault(record.EventId)?.ETag != record.ETag)
            {
                return Task.FromResult<string?>(null);
            }

            Writes++;
            var etag = $"W/\"{++version}\"";
            stored[record.EventId] = record with { ETag = etag };
            return Task.FromResult<string?>(etag);
        }

        public void Put(EventRecord record) => stored[record.EventId] = record with { ETag = $"W/\"{++version}\"" };
    }

    private Task<Result<EventSaved>> SaveAsync(EventRequest request, Language language = Language.Ru, string? ifMatch = null) =>
        new EventService(store, attendees.Object, Mock.Of<IAuditLog>(), TimeProvider.System).SaveAsync(Provider, "ev-1", request, ifMatch, language, CancellationToken.None);

    private void CodesIssued() => attendees.Setup(a => a.HasAnyAsync("ev-1", It.IsAny<CancellationToken>())).ReturnsAsync(true);

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
        Assert.Equal(0, store.Writes);
    }

    [Fact]
    public async Task A_valid_event_is_created_once_and_changed_afterwards_each_answer_with_its_new_version()
    {
        var request = Registered with { Title = " Школа ", Kind = "EVENT" };

        var created = ResultAssert.Ok(await SaveAsync(request));
        var changed = ResultAssert.Ok(await SaveAsync(request));

        Assert.True(created.Created);
        Assert.False(changed.Created);
        Assert.Equal(("Школа", "event"), (created.Event.Title, created.Event.Kind));
        Assert.NotNull(created.Event.ETag);
        Assert.NotEqual(created.Event.ETag, changed.Event.ETag);
        Assert.Equal(2, store.Writes);
    }

    [Theory]
    [InlineData("credits")]
    [InlineData("kind")]
    [InlineData("startDate")]
    [InlineData("endDate")]
    public async Task Once_codes_are_issued_what_certificates_state_cannot_change(string field)
    {
        ResultAssert.Ok(await SaveAsync(Registered));
        CodesIssued();
        var change = field switch
        {
            "credits" => Registered with { Credits = 12 },
            "kind" => Registered with { Kind = "module" },
            "startDate" => Registered with { StartDate = new DateOnly(2026, 11, 19) },
            _ => Registered with { EndDate = new DateOnly(2026, 11, 22) },
        };

        var problem = ResultAssert.Problem(await SaveAsync(change, Language.En));

        Assert.Equal((409, "event.locked"), (problem.Status, problem.Code));
        Assert.Contains(field, problem.Detail, StringComparison.Ordinal);
        Assert.Equal([field], Assert.IsType<List<string>>(problem.Extensions["fields"]));
        Assert.Equal(1, store.Writes);
    }

    [Fact]
    public async Task Before_codes_are_issued_the_credits_may_still_change()
    {
        ResultAssert.Ok(await SaveAsync(Registered));

        var changed = ResultAssert.Ok(await SaveAsync(Registered with { Credits = 12 }));

        Assert.Equal(12m, changed.Event.Credits);
    }

    [Fact]
    public async Task Under_issued_codes_the_wording_may_be_corrected_and_the_correction_says_who_and_when()
    {
        ResultAssert.Ok(await SaveAsync(Registered));
        CodesIssued();
        var before = DateTimeOffset.UtcNow;

        var corrected = ResultAssert.Ok(await SaveAsync(Registered with { Title = "Школа кардиолога", Place = "Москва, Крокус" }));

        Assert.Equal(("Школа кардиолога", "Москва, Крокус"), (corrected.Event.Title, corrected.Event.Place));
        Assert.Equal(Provider.ProviderId, corrected.Event.UpdatedBy);
        Assert.InRange(corrected.Event.UpdatedAt, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task A_change_naming_a_version_that_is_no_longer_stored_is_412_and_writes_nothing()
    {
        var first = ResultAssert.Ok(await SaveAsync(Registered));
        ResultAssert.Ok(await SaveAsync(Registered with { Title = "Другое" }));

        var stale = ResultAssert.Problem(await SaveAsync(Registered with { Place = "Казань" }, ifMatch: first.Event.ETag));
        var current = (await store.FindAsync("ev-1", CancellationToken.None))!;
        var fresh = ResultAssert.Ok(await SaveAsync(Registered with { Place = "Казань" }, ifMatch: current.ETag));

        Assert.Equal((412, "event.changed"), (stale.Status, stale.Code));
        Assert.Equal("Казань", fresh.Event.Place);
        Assert.Equal(3, store.Writes);
    }

    [Fact]
    public async Task A_change_landing_between_read_and_write_is_412_for_a_caller_who_named_the_version()
    {
        var first = ResultAssert.Ok(await SaveAsync(Registered));
        store.BeforeNextWrite = () => store.Put(first.Event with { Title = "Чужая правка" });

        var problem = ResultAssert.Problem(await SaveAsync(Registered with { Place = "Казань" }, ifMatch: first.Event.ETag));

        Assert.Equal(412, problem.Status);
        Assert.Equal("Чужая правка", (await store.FindAsync("ev-1", CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task A_change_losing_to_a_concurrent_save_is_checked_again_against_issued_codes()
    {
        ResultAssert.Ok(await SaveAsync(Registered));
        var registered = (await store.FindAsync("ev-1", CancellationToken.None))!;
        store.BeforeNextWrite = () =>
        {
            store.Put(registered);
            CodesIssued();
        };

        var problem = ResultAssert.Problem(await SaveAsync(Registered with { Credits = 12 }));

        Assert.Equal("event.locked", problem.Code);
        Assert.Equal(6m, (await store.FindAsync("ev-1", CancellationToken.None))!.Credits);
    }

    [Fact]
    public async Task A_registration_losing_the_insert_to_a_concurrent_one_becomes_a_change_not_an_error()
    {
        store.BeforeNextWrite = () => store.Put(new EventRecord(
            "ev-1", Provider.ProviderId, Provider.Name, "Школа", "event", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null,
            DateTimeOffset.UtcNow));

        var saved = ResultAssert.Ok(await SaveAsync(Registered with { Place = "Казань" }));

        Assert.False(saved.Created);
        Assert.Equal("Казань", (await store.FindAsync("ev-1", CancellationToken.None))!.Place);
    }

    [Fact]
    public async Task Another_providers_event_is_not_found_for_reading()
    {
        store.Put(new EventRecord("ev-1", "prv-other", "Другой", "Школа", "event", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null, DateTimeOffset.UtcNow));

        var problem = ResultAssert.Problem(await new EventService(store, attendees.Object, Mock.Of<IAuditLog>(), TimeProvider.System).GetAsync(Provider, "ev-1", Language.Ru, CancellationToken.None));

        Assert.Equal((404, "event.not-found"), (problem.Status, problem.Code));
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
