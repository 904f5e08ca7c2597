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
        var target = await UploadTarget.FindAsync(events, options, provider, eventId, declaredLength, language, cancellationToken);
        if (target.Problem is { } refusal)
        {
            return refusal;
        }

        var ev = target.Value;

        var maxBytes = options.EffectiveMaxBytes;

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

    private Problem TooLarge(Language language) => UploadTarget.TooLarge(options, language);
}
