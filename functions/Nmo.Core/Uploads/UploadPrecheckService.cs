using Nmo.Core.Attendance;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;

namespace Nmo.Core.Uploads;

/// <summary>
/// Checks an attendance file against an event without keeping anything: no blob, no upload record, no claim on the
/// content, no queue message. The file is validated as the body is read, once, and nothing of it is written anywhere;
/// every rejected row's issue is answered, as the upload status would list them.
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

        var maxBytes = options.EffectiveMaxBytes;
        await using var validation = PipedValidation.Start(UploadService.RulesFor(target.Value), heldIssues: int.MaxValue);

        // Read to the end even when the validation has what it needs: the size limit and an empty body are answered
        // as an upload of the same body would be.
        var through = new TeeStream(body, validation.Writer);
        var buffer = new byte[BufferSize];
        long total = 0;
        int read;
        while ((read = await through.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return UploadTarget.TooLarge(options, language);
            }
        }

        var streamed = await validation.CompleteAsync();
        if (total == 0)
        {
            return Problem.Of(ProblemType.BodyMissing, language);
        }

        return UploadPrecheck.From(eventId, streamed.Report with { Errors = streamed.Issues }, language);
    }
}
