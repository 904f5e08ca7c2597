using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Events;

public static class ActivityKinds
{
    /// <summary>An educational event (conference, seminar, webinar): credits through codes.</summary>
    public const string Event = "event";

    /// <summary>An e-learning module: credits on completion, without a code.</summary>
    public const string Module = "module";
}

/// <summary>An event or e-learning module registered by a provider; only registered ones earn credits.</summary>
public sealed record EventRecord(
    string EventId,
    string ProviderId,
    string ProviderName,
    string Title,
    string Kind,
    DateOnly StartDate,
    DateOnly EndDate,
    string Place,
    decimal Credits,
    int? MinAttendanceMinutes,
    DateTimeOffset UpdatedAt);

/// <summary>What a provider sends to register or change an event.</summary>
public sealed record EventRequest(
    string? Title,
    string? Kind,
    DateOnly? StartDate,
    DateOnly? EndDate,
    string? Place,
    decimal? Credits,
    int? MinAttendanceMinutes);

public interface IEventStore
{
    Task<EventRecord?> FindAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>Inserts, or replaces when <paramref name="existing"/> is given (optimistic; throws on a concurrent change).</summary>
    Task SaveAsync(EventRecord record, bool isNew, CancellationToken cancellationToken);
}

public abstract record EventSaveResult
{
    public sealed record Saved(EventRecord Event, bool Created) : EventSaveResult;

    public sealed record Failed(Problem Problem) : EventSaveResult;
}

public sealed class EventService(IEventStore store, TimeProvider time)
{
    public const int MaxTitleLength = 500;
    public const int MaxPlaceLength = 500;
    public const decimal MaxCredits = 144m;

    public async Task<EventSaveResult> SaveAsync(
        Providers.ProviderRecord provider, string eventId, EventRequest request, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId))
        {
            return Fail(400, "id.invalid", Texts.Get("id.invalid", language, eventId));
        }

        var errors = Validate(request, language);
        if (errors.Count > 0)
        {
            return new EventSaveResult.Failed(new Problem(422, "event.invalid", Title(language), string.Join(" ", errors),
                new Dictionary<string, object?> { ["errors"] = errors }));
        }

        var existing = await store.FindAsync(eventId, cancellationToken);
        if (existing is not null && existing.ProviderId != provider.ProviderId)
        {
            return Fail(403, "auth.forbidden", Texts.Get("auth.forbidden", language));
        }

        var record = new EventRecord(
            eventId, provider.ProviderId, provider.Name, request.Title!.Trim(), request.Kind!.Trim().ToLowerInvariant(),
            request.StartDate!.Value, request.EndDate!.Value, request.Place!.Trim(), request.Credits!.Value,
            request.MinAttendanceMinutes, time.GetUtcNow());
        await store.SaveAsync(record, existing is null, cancellationToken);
        return new EventSaveResult.Saved(record, existing is null);
    }

    private static List<string> Validate(EventRequest r, Language language)
    {
        var errors = new List<string>();
        Required(r.Title, "title", MaxTitleLength);
        Required(r.Place, "place", MaxPlaceLength);
        if (r.Kind is null)
        {
            errors.Add(Texts.Get("field.required", language, "kind"));
        }
        else if (r.Kind.Trim().ToLowerInvariant() is not (ActivityKinds.Event or ActivityKinds.Module))
        {
            errors.Add(Texts.Get("field.invalid", language, "kind", "event | module"));
        }

        if (r.StartDate is null)
        {
            errors.Add(Texts.Get("field.required", language, "startDate"));
        }

        if (r.EndDate is null)
        {
            errors.Add(Texts.Get("field.required", language, "endDate"));
        }
        else if (r.StartDate is not null && r.EndDate < r.StartDate)
        {
            errors.Add(Texts.Get("field.invalid", language, "endDate", language == Language.En ? "before startDate" : "раньше startDate"));
        }

        if (r.Credits is null)
        {
            errors.Add(Texts.Get("field.required", language, "credits"));
        }
        else if (r.Credits <= 0 || r.Credits > MaxCredits)
        {
            errors.Add(Texts.Get("field.invalid", language, "credits", $"0 < credits ≤ {MaxCredits}"));
        }

        if (r.MinAttendanceMinutes is < 0)
        {
            errors.Add(Texts.Get("field.invalid", language, "minAttendanceMinutes", "≥ 0"));
        }

        return errors;

        void Required(string? value, string name, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(Texts.Get("field.required", language, name));
            }
            else if (value.Length > max)
            {
                errors.Add(Texts.Get("field.too-long", language, name, max));
            }
            else if (value.Any(char.IsControl))
            {
                // Titles and places are printed in certificates and e-mails, where control characters corrupt the text.
                errors.Add(Texts.Get("field.invalid", language, name, language == Language.En ? "control characters" : "управляющие символы"));
            }
        }
    }

    private static string Title(Language language) => language == Language.En ? "The event is not valid" : "Мероприятие заполнено неверно";

    private static EventSaveResult.Failed Fail(int status, string code, string detail) =>
        new(new Problem(status, code, detail, detail));
}
