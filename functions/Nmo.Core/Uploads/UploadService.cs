using Nmo.Core.Attendance;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Providers;
using Nmo.Core.Storage;

namespace Nmo.Core.Uploads;

public abstract record UploadAcceptResult
{
    /// <summary>Accepted (or recognised as a repeat of <paramref name="Upload"/>, when <paramref name="Duplicate"/>).</summary>
    public sealed record Accepted(UploadRecord Upload, ValidationReport? Report, bool Duplicate) : UploadAcceptResult;

    public sealed record Refused(Problem Problem) : UploadAcceptResult;
}

/// <summary>Status of an upload as the provider sees it, with row issues in the provider's language.</summary>
public sealed record UploadStatusView(
    string UploadId,
    string EventId,
    string Status,
    string Encoding,
    string Delimiter,
    int Rows,
    int Accepted,
    int Rejected,
    int Issued,
    int AlreadyIssued,
    int Emailed,
    int EmailFailed,
    IReadOnlyList<RowIssueView> Errors,
    IReadOnlyList<string> Warnings,
    string? FailureReason,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? CompletedAt);

public sealed record RowIssueView(int Line, string Column, string Kind, string Reason);

/// <summary>
/// Takes an attendance upload: keeps the raw bytes first, refuses a file that cannot be used at all, answers a
/// repeated file with the original upload, and queues the rest for code issuance.
/// </summary>
public sealed class UploadService(
    IEventStore events,
    IUploadStore uploads,
    IRawUploadStore rawUploads,
    IMessageQueue queue,
    UploadOptions options,
    TimeProvider time)
{
    public async Task<UploadAcceptResult> AcceptAsync(
        ProviderRecord provider, string eventId, Stream body, long? declaredLength, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(eventId))
        {
            return Refuse(400, "id.invalid", Texts.Get("id.invalid", language, eventId));
        }

        var ev = await events.FindAsync(eventId, cancellationToken);
        if (ev is null || ev.ProviderId != provider.ProviderId)
        {
            // Another provider's event is reported as missing: a key must not learn what others registered.
            return Refuse(404, "event.not-found", Texts.Get("event.not-found", language, eventId));
        }

        if (ev.Kind != ActivityKinds.Event)
        {
            return Refuse(409, "event.kind-mismatch", Texts.Get("event.kind-mismatch", language, eventId, ev.Kind, ActivityKinds.Event));
        }

        if (declaredLength > options.MaxBytes)
        {
            return TooLarge(language);
        }

        var uploadId = Ids.New("upl");
        var blobName = $"{eventId}/{uploadId}.csv";
        StoredBlob stored;
        try
        {
            stored = await rawUploads.SaveAsync(blobName, body, options.MaxBytes, cancellationToken);
        }
        catch (UploadTooLargeException)
        {
            await rawUploads.DeleteAsync(blobName, cancellationToken);
            return TooLarge(language);
        }

        if (stored.Bytes == 0)
        {
            await rawUploads.DeleteAsync(blobName, cancellationToken);
            return Refuse(400, "body.missing", Texts.Get("body.missing", language));
        }

        var original = await uploads.ClaimContentAsync(eventId, stored.Sha256, uploadId, cancellationToken);
        if (original is not null)
        {
            var existing = await uploads.FindAsync(original, cancellationToken);
            if (existing is not null)
            {
                // The same bytes are already stored under the original upload.
                await rawUploads.DeleteAsync(blobName, cancellationToken);
                return new UploadAcceptResult.Accepted(existing, null, Duplicate: true);
            }
        }

        ValidationReport report;
        await using (var content = await rawUploads.OpenReadAsync(blobName, cancellationToken))
        {
            report = AttendanceValidator.Validate(content, RulesFor(ev));
        }

        var upload = new UploadRecord
        {
            UploadId = uploadId,
            EventId = eventId,
            ProviderId = provider.ProviderId,
            Status = report.Usable ? UploadStatus.Received : UploadStatus.Rejected,
            ContentHash = stored.Sha256,
            BlobName = blobName,
            Bytes = stored.Bytes,
            ReceivedAt = time.GetUtcNow(),
            Encoding = report.Encoding,
            Delimiter = report.Delimiter,
            Rows = report.Rows,
            Accepted = report.Accepted,
            Rejected = report.Rejected,
            Warnings = report.Warnings,
            Problems = report.Problems,
        };
        await uploads.AddAsync(upload, cancellationToken);

        if (!report.Usable)
        {
            var reasons = report.Problems.Select(p => AttendanceTexts.Describe(p, language)).ToList();
            return new UploadAcceptResult.Refused(new Problem(
                422, "upload.unusable", Texts.Get("upload.unusable", language, string.Join("; ", reasons)), string.Join(" ", reasons),
                new Dictionary<string, object?> { ["uploadId"] = uploadId, ["reasons"] = reasons }));
        }

        await queue.SendAsync(StorageNames.Queues.Uploads, new UploadReceivedMessage(uploadId), cancellationToken);
        return new UploadAcceptResult.Accepted(upload, report, Duplicate: false);
    }

    public async Task<UploadStatusView?> GetStatusAsync(ProviderRecord provider, string uploadId, Language language, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(uploadId))
        {
            return null;
        }

        var upload = await uploads.FindAsync(uploadId, cancellationToken);
        if (upload is null || upload.ProviderId != provider.ProviderId)
        {
            return null;
        }

        var errors = new List<RowIssueView>();
        await foreach (var issue in uploads.ListIssuesAsync(uploadId, cancellationToken))
        {
            errors.Add(new RowIssueView(issue.Line, issue.Column, KindName(issue.Kind), AttendanceTexts.Describe(issue, language)));
        }

        var warnings = upload.Problems.Concat(upload.Warnings).Select(w => AttendanceTexts.Describe(w, language)).ToList();
        return new UploadStatusView(
            upload.UploadId, upload.EventId, upload.Status, upload.Encoding, upload.Delimiter, upload.Rows, upload.Accepted,
            upload.Rejected, upload.Issued, upload.AlreadyIssued, upload.Emailed, upload.EmailFailed, errors, warnings,
            upload.FailureReason, upload.ReceivedAt, upload.CompletedAt);
    }

    public static AttendanceRules RulesFor(EventRecord ev) => new(MinAttendanceMinutes: ev.MinAttendanceMinutes);

    public static string KindName(RowIssueKind kind) => kind switch
    {
        RowIssueKind.Duplicate => "duplicate",
        RowIssueKind.NotEligible => "not-eligible",
        RowIssueKind.AlreadyIssued => "already-issued",
        _ => "invalid",
    };

    private UploadAcceptResult TooLarge(Language language) =>
        Refuse(413, "body.too-large", Texts.Get("body.too-large", language, options.MaxBytes / (1024 * 1024)));

    private static UploadAcceptResult.Refused Refuse(int status, string code, string detail) => new(new Problem(status, code, detail, detail));
}
