using Nmo.Core.Audit;
using Nmo.Core.Common;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.Core.Uploads;

namespace Nmo.Core.Events;

/// <summary>
/// Registers and changes events. Once codes are issued for an event, what its certificates state (kind, credits,
/// dates) is fixed; wording (title, place) may still be corrected, and every change records who made it and when.
/// Changes are conditional on the version read (<c>If-Match</c> when the caller sends one), so none is lost.
/// </summary>
public sealed class EventService(IEventStore store, IAttendeeStore attendees, IAuditLog audit, TimeProvider time)
{
    public const int MaxTitleLength = 500;
    public const int MaxPlaceLength = 500;
    public const decimal MaxCredits = 144m;

    private const int MaxAttempts = 10;

    /// <summary>The provider's own event; another provider's is reported as missing.</summary>
    public async Task<Result<EventRecord>> GetAsync(ProviderRecord provider, string eventId, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!Ids.IsValid(eventId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, eventId);
        }

        var ev = await store.FindOwnedAsync(provider, eventId, cancellationToken);
        return ev is null ? Problem.Of(ProblemType.EventNotFound, language, eventId) : ev;
    }

    /// <param name="ifMatch">The version the caller changes (the <c>ETag</c> it read, or <c>*</c>); null for whatever is stored.</param>
    public async Task<Result<EventSaved>> SaveAsync(
        ProviderRecord provider, string eventId, EventRequest request, string? ifMatch, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(request);
        if (!Ids.IsValid(eventId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, eventId);
        }

        var errors = Validate(request, language);
        if (errors.Count > 0)
        {
            return Problem.Of(ProblemType.EventInvalid, language, string.Join(" ", errors)).With("errors", errors);
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await store.FindAsync(eventId, cancellationToken);
            if (existing is not null && existing.ProviderId != provider.ProviderId)
            {
                return Problem.Of(ProblemType.AuthForbidden, language);
            }

            if (ifMatch is not null && (existing is null || (ifMatch != "*" && ifMatch != existing.ETag)))
            {
                return Problem.Of(ProblemType.EventChanged, language, eventId);
            }

            var record = new EventRecord(
                eventId, provider.ProviderId, provider.Name, request.Title!.Trim(), request.Kind!.Trim().ToLowerInvariant(),
                request.StartDate!.Value, request.EndDate!.Value, request.Place!.Trim(), request.Credits!.Value,
                request.MinAttendanceMinutes, time.GetUtcNow(), provider.ProviderId, existing?.ETag);
            if (existing is not null && StatedChanges(existing, record) is { Count: > 0 } stated &&
                await attendees.HasAnyAsync(eventId, cancellationToken))
            {
                return Problem.Of(ProblemType.EventLocked, language, string.Join(", ", stated)).With("fields", stated);
            }

            if (await store.TrySaveAsync(record, cancellationToken) is { } etag)
            {
                // A save that changes nothing (a repeated PUT) is no change to record.
                if (AuditEntries.Event(AuditEntries.Provider(provider.ProviderId), existing, record, etag) is { } change)
                {
                    await audit.RecordAsync([change], cancellationToken);
                }

                return new EventSaved(record with { ETag = etag }, existing is null);
            }

            // Another save got there first: a concurrent registration of the same id, or a change. A caller who
            // named a version has a stale one now; otherwise decide again on what is stored.
            if (ifMatch is not null && ifMatch != "*")
            {
                return Problem.Of(ProblemType.EventChanged, language, eventId);
            }
        }

        throw new InvalidOperationException($"Event {eventId} kept changing while it was saved.");
    }

    /// <summary>The fields a certificate states that the change would alter.</summary>
    private static List<string> StatedChanges(EventRecord stored, EventRecord changed)
    {
        var fields = new List<string>();
        if (stored.Kind != changed.Kind)
        {
            fields.Add("kind");
        }

        if (stored.Credits != changed.Credits)
        {
            fields.Add("credits");
        }

        if (stored.StartDate != changed.StartDate)
        {
            fields.Add("startDate");
        }

        if (stored.EndDate != changed.EndDate)
        {
            fields.Add("endDate");
        }

        return fields;
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
