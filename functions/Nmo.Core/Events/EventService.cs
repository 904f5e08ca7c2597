using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Events;

public sealed class EventService(IEventStore store, TimeProvider time)
{
    public const int MaxTitleLength = 500;
    public const int MaxPlaceLength = 500;
    public const decimal MaxCredits = 144m;

    public async Task<Result<EventSaved>> SaveAsync(
        ProviderRecord provider, string eventId, EventRequest request, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, eventId);
        }

        var errors = Validate(request, language);
        if (errors.Count > 0)
        {
            return Problem.Of(ProblemType.EventInvalid, language, string.Join(" ", errors)).With("errors", errors);
        }

        var existing = await store.FindAsync(eventId, cancellationToken);
        if (existing is not null && existing.ProviderId != provider.ProviderId)
        {
            return Problem.Of(ProblemType.AuthForbidden, language);
        }

        var record = new EventRecord(
            eventId, provider.ProviderId, provider.Name, request.Title!.Trim(), request.Kind!.Trim().ToLowerInvariant(),
            request.StartDate!.Value, request.EndDate!.Value, request.Place!.Trim(), request.Credits!.Value,
            request.MinAttendanceMinutes, time.GetUtcNow());
        await store.SaveAsync(record, existing is null, cancellationToken);
        return new EventSaved(record, existing is null);
    }

    private static List<string> Validate(EventRequest r, Language language)
    {
        var errors = new List<string?>
        {
            TextField.Check(r.Title, "title", MaxTitleLength, language),
            TextField.Check(r.Place, "place", MaxPlaceLength, language),
        };
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
            errors.Add(Texts.Get("field.invalid", language, "endDate", Texts.Get("reason.before-start-date", language)));
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

        return [.. errors.OfType<string>()];
    }
}
