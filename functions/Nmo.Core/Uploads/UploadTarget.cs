using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Uploads;

/// <summary>
/// What an attendance list is checked against before any of its bytes are read, the same for an upload and its
/// pre-check: a valid id, the provider's own event (another's is reported as missing), of kind event, within the size limit.
/// </summary>
internal static class UploadTarget
{
    /// <summary>The event the list is for, or why the list is refused before it is read.</summary>
    public static async Task<Result<EventRecord>> FindAsync(
        IEventStore events, UploadOptions options, ProviderRecord provider, string eventId, long? declaredLength, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId))
        {
            return Problem.Of(ProblemType.IdInvalid, language, eventId);
        }

        var ev = await events.FindOwnedAsync(provider, eventId, cancellationToken);
        if (ev is null)
        {
            return Problem.Of(ProblemType.EventNotFound, language, eventId);
        }

        if (ev.Kind != ActivityKinds.Event)
        {
            return Problem.Of(ProblemType.EventKindMismatch, language, eventId, ev.Kind, ActivityKinds.Event);
        }

        return declaredLength > options.EffectiveMaxBytes ? TooLarge(options, language) : ev;
    }

    public static Problem TooLarge(UploadOptions options, Language language)
    {
        var megabytes = options.EffectiveMaxBytes / (1024 * 1024);
        return Problem.Of(ProblemType.BodyTooLarge, language, megabytes)
            .With("maxBytes", options.EffectiveMaxBytes)
            .With("maxMegabytes", megabytes);
    }
}
