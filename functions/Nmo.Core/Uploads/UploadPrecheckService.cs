using Nmo.Core.Attendance;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Uploads;

/// <summary>
/// Checks an attendance file against an event without keeping anything: no blob, no upload record, no claim on the
/// content, no queue message. The bytes are spooled to a temporary file that is deleted when the check ends, because
/// the reader reads synchronously and a request body must not be read that way.
/// </summary>
public sealed class UploadPrecheckService(IEventStore events, UploadOptions options)
{
    private const int BufferSize = 81920;

    public async Task<Result<UploadPrecheck>> CheckAsync(
        ProviderRecord provider, string eventId, Stream body, long? declaredLength, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(body);
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

        var maxBytes = options.EffectiveMaxBytes;
        if (declaredLength > maxBytes)
        {
            return TooLarge(language);
        }

        await using var spool = new FileStream(
            Path.Combine(Path.GetTempPath(), $"nmo-precheck-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return TooLarge(language);
            }

            await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        if (total == 0)
        {
            return Problem.Of(ProblemType.BodyMissing, language);
        }

        spool.Position = 0;
        var report = AttendanceValidator.Validate(spool, UploadService.RulesFor(ev));
        return UploadPrecheck.From(eventId, report, language);
    }

    private Problem TooLarge(Language language)
    {
        var megabytes = options.EffectiveMaxBytes / (1024 * 1024);
        return Problem.Of(ProblemType.BodyTooLarge, language, megabytes)
            .With("maxBytes", options.EffectiveMaxBytes)
            .With("maxMegabytes", megabytes);
    }
}
