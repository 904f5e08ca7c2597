using Nmo.Core.Attendance;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Providers;
using Nmo.Core.Storage;

namespace Nmo.Core.Uploads;

/// <summary>
/// Takes an attendance upload: keeps the raw bytes first, refuses a file that cannot be used at all, answers a
/// repeated file with the original upload, and queues the rest for code issuance.
/// </summary>
public sealed class UploadService(
    IEventStore events,
    IUploadStore uploads,
    IRawUploadStore rawUploads,
    IMessageQueue queue,
    Email.ICertificateStateStore certificates,
    UploadOptions options,
    TimeProvider time)
{
    /// <summary>Row issues per storage transaction (Table Storage takes 100 entities per batch).</summary>
    private const int IssueBatch = 100;

    /// <summary>Rejected rows whose issues validation holds in memory while the file streams in (about 300 KB).</summary>
    public const int HeldIssues = 1000;

    public async Task<Result<UploadAccepted>> AcceptAsync(
        ProviderRecord provider, string eventId, Stream body, long? declaredLength, Language language, CancellationToken cancellationToken)
    {
        var target = await UploadTarget.FindAsync(events, options, provider, eventId, declaredLength, language, cancellationToken);
        if (target.Problem is { } refusal)
        {
            return refusal;
        }

        var ev = target.Value;

        var maxBytes = options.EffectiveMaxBytes;

        var uploadId = Ids.New("upl");
        var blobName = $"{eventId}/{uploadId}.csv";
        var rules = RulesFor(ev);

        // The file is validated while it streams into the blob: one read of the body, none of the blob. Up to
        // HeldIssues rejected rows' issues are held, to store once the upload is known to be new; a file with more
        // is read again from the blob (ValidateAsync), so that memory does not grow with the file.
        await using var validation = PipedValidation.Start(rules, HeldIssues);
        StoredBlob stored;
        try
        {
            stored = await rawUploads.SaveAsync(blobName, new TeeStream(body, validation.Writer), maxBytes, cancellationToken);
        }
        catch (Exception e) when (IsTooLarge(e))
        {
            await rawUploads.DeleteAsync(blobName, CancellationToken.None);
            return TooLarge(language);
        }

        var streamed = await validation.CompleteAsync();

        if (stored.Bytes == 0)
        {
            await rawUploads.DeleteAsync(blobName, cancellationToken);
            return Problem.Of(ProblemType.BodyMissing, language);
        }

        // The record exists before the content is claimed, so whoever finds the claim also finds the upload.
        var upload = new UploadRecord
        {
            UploadId = uploadId,
            EventId = eventId,
            ProviderId = provider.ProviderId,
            Status = UploadStatus.Received,
            ContentHash = stored.Sha256,
            BlobName = blobName,
            Bytes = stored.Bytes,
            ReceivedAt = time.GetUtcNow(),
        };
        await uploads.AddAsync(upload, cancellationToken);

        var original = await ClaimAsync(eventId, stored.Sha256, uploadId, cancellationToken);
        if (original is not null)
        {
            // The same bytes are already stored under the original upload: this one never existed.
            await uploads.DeleteAsync(uploadId, cancellationToken);
            await rawUploads.DeleteAsync(blobName, cancellationToken);
            if (original.Status == UploadStatus.Rejected)
            {
                return Unusable(original, language);
            }

            if (original.Status == UploadStatus.Received)
            {
                // The first attempt may have stopped between its record and its queue message; processing is
                // idempotent, so sending the message again can only help a provider who retries.
                await queue.SendAsync(StorageNames.Queues.Uploads, new UploadReceivedMessage(original.UploadId), cancellationToken);
            }

            return new UploadAccepted(original, Duplicate: true);
        }

        var report = streamed.Overflowed
            ? await ValidateAsync(upload, rules, cancellationToken)
            : await StoreIssuesAsync(upload.UploadId, streamed, cancellationToken);
        upload = upload with
        {
            Status = report.Usable ? UploadStatus.Received : UploadStatus.Rejected,
            Encoding = report.Encoding,
            Delimiter = report.Delimiter,
            Rows = report.Rows,
            Accepted = report.Accepted,
            Rejected = report.Rejected,
            Warnings = report.Warnings,
            Problems = report.Problems,
        };
        if (!await uploads.TryReplaceAsync(upload, cancellationToken))
        {
            throw new InvalidOperationException($"Upload {uploadId} changed while it was being validated.");
        }

        if (!report.Usable)
        {
            return Unusable(upload, language);
        }

        await queue.SendAsync(StorageNames.Queues.Uploads, new UploadReceivedMessage(uploadId), cancellationToken);
        return new UploadAccepted(upload, Duplicate: false);
    }

    public async Task<Result<UploadStatusView>> GetStatusAsync(ProviderRecord provider, string uploadId, Language language, CancellationToken cancellationToken)
    {
        var upload = await FindOwnAsync(provider, uploadId, cancellationToken);
        if (upload is null)
        {
            return Problem.Of(ProblemType.UploadNotFound, language, uploadId);
        }

        // A refused file's reasons are errors, first; the warnings keep only what did not stop it.
        var errors = upload.Problems.Select(p => RowIssueView.From(p, language)).ToList();
        await foreach (var issue in uploads.ListIssuesAsync(uploadId, cancellationToken))
        {
            errors.Add(RowIssueView.From(issue, language));
        }

        var warnings = upload.Warnings.Select(w => AttendanceTexts.Describe(w, language)).ToList();
        upload = upload.Showing(await certificates.TallyAsync(upload.EventId, upload.UploadId, cancellationToken));
        return new UploadStatusView(
            upload.UploadId, upload.EventId, upload.Status, upload.Encoding, upload.Delimiter, upload.Rows, upload.Processed, upload.Accepted,
            upload.Rejected, upload.Issued, upload.AlreadyIssued, upload.Emailed, upload.EmailFailed, errors, warnings,
            FailureText(upload.FailureReason, language), upload.ReceivedAt, upload.CompletedAt);
    }

    /// <summary>
    /// The per-row outcome of a processed upload as a CSV for the provider's spreadsheet. Streams: the raw file
    /// is read again row by row beside the stored row issues (both in line order), nothing is collected.
    /// </summary>
    public async Task<Result<UploadReport>> GetReportAsync(ProviderRecord provider, string uploadId, Language language, CancellationToken cancellationToken)
    {
        var upload = await FindOwnAsync(provider, uploadId, cancellationToken);
        if (upload is null)
        {
            return Problem.Of(ProblemType.UploadNotFound, language, uploadId);
        }

        if (upload.Status != UploadStatus.Completed)
        {
            var type = upload.Status switch
            {
                UploadStatus.Rejected => ProblemType.UploadReportRejected,
                UploadStatus.Failed => ProblemType.UploadReportFailed,
                _ => ProblemType.UploadReportNotReady,
            };
            return Problem.Of(type, language, uploadId, upload.Status).With("status", upload.Status);
        }

        return new UploadReport($"{upload.UploadId}-report.csv", async (output, ct) =>
        {
            await using var content = await rawUploads.OpenReadAsync(upload.BlobName, ct);
            using var file = AttendanceReader.Open(content, ReportRules);
            await UploadReportWriter.WriteAsync(output, file.Rows(), uploads.ListIssuesAsync(upload.UploadId, ct), language, ct);
        });
    }

    public static AttendanceRules RulesFor(EventRecord ev) => new(MinAttendanceMinutes: ev.MinAttendanceMinutes);

    /// <summary>
    /// The report re-reads the file without thresholds, so the names of not-eligible rows are known too; the
    /// outcome of every row comes from what processing stored, not from this second reading.
    /// </summary>
    private static AttendanceRules ReportRules { get; } = new();

    /// <summary>A failure reason as stored (a text key, or free text from older records) in the reader's language.</summary>
    public static string? FailureText(string? reason, Language language) =>
        reason is not null && reason.StartsWith("upload.failed.", StringComparison.Ordinal) ? Texts.Get(reason, language) : reason;

    private async Task<UploadRecord?> FindOwnAsync(ProviderRecord provider, string uploadId, CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(uploadId))
        {
            return null;
        }

        // Another provider's upload is reported as missing, like another provider's event.
        var upload = await uploads.FindAsync(uploadId, cancellationToken);
        return upload is null || upload.ProviderId != provider.ProviderId ? null : upload;
    }

    /// <summary>
    /// Claims the content for this upload; returns the upload that holds it already, if any. A claim held by an
    /// upload that failed (or no longer exists) is taken over, so the provider can send the same file again.
    /// </summary>
    private async Task<UploadRecord?> ClaimAsync(string eventId, string contentHash, string uploadId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var holder = await uploads.ClaimContentAsync(eventId, contentHash, uploadId, cancellationToken);
            if (holder is null || holder == uploadId)
            {
                return null;
            }

            var existing = await uploads.FindAsync(holder, cancellationToken);
            if (existing is not null && existing.Status != UploadStatus.Failed)
            {
                return existing;
            }

            await uploads.ReleaseContentAsync(eventId, contentHash, holder, cancellationToken);
        }

        throw new InvalidOperationException($"Could not claim the content of upload {uploadId}.");
    }

    private async Task<ValidationReport> StoreIssuesAsync(string uploadId, StreamedValidation streamed, CancellationToken cancellationToken)
    {
        foreach (var chunk in streamed.Issues.Chunk(IssueBatch))
        {
            await uploads.AddIssuesAsync(uploadId, chunk, cancellationToken);
        }

        return streamed.Report;
    }

    private static ValidationReport Report(AttendanceFile file, int rows, int accepted) =>
        new(file.EncodingName, file.Delimiter, rows, accepted, rows - accepted, [], [.. file.Warnings], [.. file.Problems]);

    /// <summary>
    /// One streamed pass over the stored file: counts, and stores each rejected row's issue as it goes, so that
    /// nothing grows with the file but the count. Only for files with more rejected rows than are held in memory.
    /// </summary>
    private async Task<ValidationReport> ValidateAsync(UploadRecord upload, AttendanceRules rules, CancellationToken cancellationToken)
    {
        await using var content = await rawUploads.OpenReadAsync(upload.BlobName, cancellationToken);
        using var file = AttendanceReader.Open(content, rules);
        int rows = 0, accepted = 0;
        var issues = new List<RowIssue>(IssueBatch);
        foreach (var row in file.Rows(attendeesFrom: int.MaxValue))
        {
            rows++;
            if (row.Accepted)
            {
                accepted++;
            }
            else if (row.Issue is not null)
            {
                issues.Add(row.Issue);
                if (issues.Count == IssueBatch)
                {
                    await uploads.AddIssuesAsync(upload.UploadId, issues, cancellationToken);
                    issues.Clear();
                }
            }
        }

        await uploads.AddIssuesAsync(upload.UploadId, issues, cancellationToken);
        return Report(file, rows, accepted);
    }

    private static Problem Unusable(UploadRecord upload, Language language)
    {
        var reasons = upload.Problems.Select(p => AttendanceTexts.Describe(p, language)).ToList();
        return Problem.Of(ProblemType.UploadUnusable, language, string.Join(" ", reasons))
            .With("uploadId", upload.UploadId)
            .With("statusUrl", $"/api/uploads/{upload.UploadId}")
            .With("reasons", reasons)
            .With("errors", upload.Problems.Select(p => RowIssueView.From(p, language)).ToList());
    }

    /// <summary>The blob client may wrap the limit's exception (partitioned uploads run on several tasks).</summary>
    private static bool IsTooLarge(Exception e) => e switch
    {
        UploadTooLargeException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsTooLarge),
        _ => e.InnerException is not null && IsTooLarge(e.InnerException),
    };

    private Problem TooLarge(Language language) => UploadTarget.TooLarge(options, language);
}
