using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nmo.Core.Attendance;
using Nmo.Core.Audit;
using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;
using Nmo.Core.Telemetry;

namespace Nmo.Core.Uploads;

/// <summary>
/// Issues one code per valid row of an upload and queues the certificates. Safe to run again on the same
/// upload (queue delivery is at least once): an attendee stored by this upload before keeps its code, one
/// stored by another upload is reported as already issued, and the certificate sender skips what was sent.
/// An attendee left behind by an upload that failed (its code or certificate message possibly never written)
/// is finished by the next upload that lists it: its code is stored if missing and its certificate queued.
/// </summary>
public sealed class UploadProcessor(
    IEventStore events,
    IUploadStore uploads,
    IRawUploadStore rawUploads,
    IAttendeeStore attendees,
    ICodeStore codes,
    ICertificateStore certificates,
    ICodeHasher hasher,
    ICodeProtector protector,
    IMessageQueue queue,
    ICertificateBatchStore batches,
    IAuditLog audit,
    UploadOptions options,
    TimeProvider time,
    ILogger<UploadProcessor> logger)
{
    private const string ProcessingFailed = "upload.failed.processing";

    public async Task ProcessAsync(UploadReceivedMessage message, CancellationToken cancellationToken)
    {
        var upload = await uploads.FindAsync(message.UploadId, cancellationToken);
        if (upload is null || upload.Status is UploadStatus.Completed or UploadStatus.Rejected || (upload.Status == UploadStatus.Failed && !IsRetryable(upload)))
        {
            logger.LogInformation("Upload {UploadId} needs no processing ({Status}).", message.UploadId, upload?.Status ?? "unknown");
            return;
        }

        try
        {
            await ProcessAsync(upload, cancellationToken);
        }
        catch (RawUploadMissingException e)
        {
            // Retrying cannot bring the bytes back: the provider is told at once instead of after five attempts.
            logger.LogError(e, "Upload {UploadId}: the raw file is missing.", upload.UploadId);
            await FailAsync(upload.UploadId, "upload.failed.raw-missing", cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await CountFailureAsync(upload.UploadId, e);
            throw;
        }
    }

    private async Task ProcessAsync(UploadRecord upload, CancellationToken cancellationToken)
    {
        var ev = await events.FindAsync(upload.EventId, cancellationToken);
        if (ev is null)
        {
            await FailAsync(upload.UploadId, "upload.failed.event-deleted", cancellationToken);
            return;
        }

        // A message replayed from the poison queue is the operator's retry of an upload whose processing kept
        // failing: it starts a fresh count of attempts (and resumes at the checkpoint, like any retry).
        if (upload.Status != UploadStatus.Processing)
        {
            upload = await SaveAsync(
                upload.Status == UploadStatus.Failed
                    ? upload with { Status = UploadStatus.Processing, FailureReason = null, CompletedAt = null, FailedAttempts = 0 }
                    : upload with { Status = UploadStatus.Processing },
                cancellationToken);
        }

        // The checkpoint: rows before it were issued by an earlier slice, whose counts are stored with it. A record
        // without one (never sliced) counts from scratch.
        var checkpoint = upload.Processed;
        var counts = checkpoint > 0 ? new Counts { Issued = upload.Issued, AlreadyIssued = upload.AlreadyIssued, IssuedBefore = upload.Issued } : new Counts();
        var pendingIssues = new List<RowIssue>();
        var certificateKeys = new PendingCertificates();
        var chunk = new List<Attendee>(options.ChunkSize);
        var sliceRows = 0;
        var inFlight = new Queue<Task<ChunkResult>>();

        await using (var content = await rawUploads.OpenReadAsync(upload.BlobName, cancellationToken))
        using (var file = AttendanceReader.Open(content, UploadService.RulesFor(ev)))
        {
            if (file.Problems.Count > 0)
            {
                // The same bytes were usable when they were accepted: the stored file has changed since.
                logger.LogError("Upload {UploadId}: the stored file no longer reads ({Problems}).", upload.UploadId, string.Join(", ", file.Problems.Select(p => p.Code)));
                await FailAsync(upload.UploadId, "upload.failed.raw-unreadable", cancellationToken);
                return;
            }

            // Rows before the checkpoint are only counted: reading them again keeps the duplicate check of the whole
            // file, and their codes, issues and certificates are stored already, so no attendee is built for them.
            foreach (var row in file.Rows(attendeesFrom: checkpoint + 1))
            {
                counts.Rows++;
                if (row.Issue is not null)
                {
                    counts.Rejected++;
                }
                else if (row.Accepted)
                {
                    counts.Accepted++;
                }

                if (counts.Rows <= checkpoint)
                {
                    continue;
                }

                sliceRows++;
                if (row.Issue is not null)
                {
                    pendingIssues.Add(row.Issue);
                    counts.SliceRejected++;
                }
                else if (row.Attendee is not null)
                {
                    chunk.Add(row.Attendee);
                    counts.SliceAccepted++;
                }

                if (chunk.Count >= options.ChunkSize)
                {
                    await DispatchAsync(upload, chunk, counts, inFlight, pendingIssues, certificateKeys, cancellationToken);
                }

                if (pendingIssues.Count >= 100)
                {
                    await uploads.AddIssuesAsync(upload.UploadId, pendingIssues, cancellationToken);
                    pendingIssues.Clear();
                }

                // A slice ends where nothing is pending (so slicing adds no certificate messages), or at the latest
                // after a certificate batch more.
                if (sliceRows >= options.SliceSize && chunk.Count == 0)
                {
                    // The end of a slice is decided on the same counts as one chunk at a time would see.
                    await DrainAsync(upload, counts, inFlight, pendingIssues, certificateKeys, 0, cancellationToken);
                }

                if (sliceRows >= options.SliceSize && ((chunk.Count == 0 && certificateKeys.Count == 0) || sliceRows >= options.SliceSize + (2 * options.EmailBatchSize)))
                {
                    await FlushAsync(upload, chunk, counts, inFlight, pendingIssues, certificateKeys, cancellationToken);
                    if (await CheckpointAsync(upload.UploadId, checkpoint, counts, cancellationToken))
                    {
                        Measure(counts);
                        // The rest in a fresh invocation, within the function's time budget. Should this process
                        // stop before the message is sent, the trigger's retry resumes at the checkpoint just stored.
                        await queue.SendAsync(StorageNames.Queues.Uploads, new UploadReceivedMessage(upload.UploadId), cancellationToken);
                        logger.LogInformation("Upload {UploadId}: {Processed} rows processed, continuing.", upload.UploadId, counts.Rows);
                    }

                    return;
                }
            }

            await FlushAsync(upload, chunk, counts, inFlight, pendingIssues, certificateKeys, cancellationToken);
            if (file.Problems.Count > 0)
            {
                // Broken further down (an unclosed quote): the rows before it are issued and stay so.
                logger.LogError("Upload {UploadId}: the stored file broke off ({Problems}).", upload.UploadId, string.Join(", ", file.Problems.Select(p => p.Code)));
                if (await CheckpointAsync(upload.UploadId, checkpoint, counts, cancellationToken, u => Finished(u, counts, file)))
                {
                    Measure(counts);
                }

                await FailAsync(upload.UploadId, "upload.failed.raw-unreadable", cancellationToken);
                return;
            }

            if (!await CheckpointAsync(upload.UploadId, checkpoint, counts, cancellationToken, u => Finished(u, counts, file) with { Status = UploadStatus.Completed, CompletedAt = time.GetUtcNow() }))
            {
                return;
            }

            Measure(counts);
        }

        logger.LogInformation(
            "Upload {UploadId}: {Rows} rows, {Issued} codes issued, {AlreadyIssued} already issued, {Rejected} rejected.",
            upload.UploadId, counts.Rows, counts.Issued, counts.AlreadyIssued, counts.Rejected);
    }

    /// <summary>
    /// Counts the slice once its checkpoint is stored: a repeated delivery that lost the checkpoint to another one
    /// processed the same rows and counts nothing.
    /// </summary>
    private static void Measure(Counts counts)
    {
        NmoMetrics.RowsAccepted.Add(counts.SliceAccepted);
        NmoMetrics.RowsRejected.Add(counts.SliceRejected);
        NmoMetrics.CodesIssued.Add(counts.Issued - counts.IssuedBefore);
    }

    private static UploadRecord Finished(UploadRecord u, Counts counts, AttendanceFile file) => u with
    {
        Encoding = file.EncodingName,
        Delimiter = file.Delimiter,
        Rows = counts.Rows,
        Accepted = counts.Accepted,
        Rejected = counts.Rejected,
        Warnings = file.Warnings,
    };

    private async Task FlushAsync(
        UploadRecord upload, List<Attendee> chunk, Counts counts, Queue<Task<ChunkResult>> inFlight, List<RowIssue> pendingIssues, PendingCertificates certificateKeys,
        CancellationToken cancellationToken)
    {
        if (chunk.Count > 0)
        {
            await DispatchAsync(upload, chunk, counts, inFlight, pendingIssues, certificateKeys, cancellationToken);
        }

        await DrainAsync(upload, counts, inFlight, pendingIssues, certificateKeys, 0, cancellationToken);
        await uploads.AddIssuesAsync(upload.UploadId, pendingIssues, cancellationToken);
        pendingIssues.Clear();
        await QueueCertificatesAsync(upload, certificateKeys, cancellationToken);
    }

    /// <summary>Starts issuing the chunk, after making room: at most <see cref="UploadOptions.ChunksInFlight"/> at a time.</summary>
    private async Task DispatchAsync(
        UploadRecord upload, List<Attendee> chunk, Counts counts, Queue<Task<ChunkResult>> inFlight, List<RowIssue> pendingIssues, PendingCertificates certificateKeys,
        CancellationToken cancellationToken)
    {
        await DrainAsync(upload, counts, inFlight, pendingIssues, certificateKeys, options.ChunksInFlight - 1, cancellationToken);
        inFlight.Enqueue(IssueChunkAsync(upload, [.. chunk], counts, cancellationToken));
        chunk.Clear();
    }

    /// <summary>
    /// Waits for the oldest chunks until at most <paramref name="keep"/> are in flight, and takes their outcomes in the
    /// order the chunks were read, so the counts, issues and certificate batches are those of one chunk at a time.
    /// A chunk's certificate keys are taken only once its certificate records are stored. Should a chunk fail, the
    /// others are waited for before the failure goes up, so nothing of this delivery still writes while a retry starts.
    /// </summary>
    private async Task DrainAsync(
        UploadRecord upload, Counts counts, Queue<Task<ChunkResult>> inFlight, List<RowIssue> pendingIssues, PendingCertificates certificateKeys, int keep,
        CancellationToken cancellationToken)
    {
        while (inFlight.Count > keep)
        {
            ChunkResult result;
            try
            {
                result = await inFlight.Dequeue();
            }
            catch
            {
                while (inFlight.Count > 0)
                {
                    try
                    {
                        await inFlight.Dequeue();
                    }
                    catch (Exception e)
                    {
                        logger.LogDebug(e, "Upload {UploadId}: another chunk failed too.", upload.UploadId);
                    }
                }

                throw;
            }

            counts.Issued += result.Keys.Count;
            counts.AlreadyIssued += result.AlreadyIssued.Count;
            pendingIssues.AddRange(result.AlreadyIssued);
            certificateKeys.Add(result);
            if (certificateKeys.Count >= options.EmailBatchSize)
            {
                await QueueCertificatesAsync(upload, certificateKeys, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Stores how far the upload got, with the counts up to there, but only while the stored checkpoint is still the
    /// one this slice started from (conditional on the record's ETag): a repeated delivery that processed the same
    /// slice meanwhile has stored it, and this one then stops rather than count the slice twice or go on in parallel.
    /// </summary>
    private async Task<bool> CheckpointAsync(
        string uploadId, int from, Counts counts, CancellationToken cancellationToken, Func<UploadRecord, UploadRecord>? finish = null)
    {
        for (var attempt = 0; attempt <= 20; attempt++)
        {
            var current = await uploads.FindAsync(uploadId, cancellationToken)
                ?? throw new InvalidOperationException($"Upload {uploadId} disappeared.");
            if (current.Processed != from || current.Status != UploadStatus.Processing)
            {
                logger.LogInformation("Upload {UploadId}: rows {From}+ were processed by another delivery; this one stops.", uploadId, from);
                return false;
            }

            var next = current with { Processed = counts.Rows, Issued = counts.Issued, AlreadyIssued = counts.AlreadyIssued, FailedAttempts = 0 };
            if (await uploads.TryReplaceAsync(finish is null ? next : finish(next), cancellationToken))
            {
                return true;
            }
        }

        throw new InvalidOperationException($"Upload {uploadId} kept changing under the processor.");
    }

    /// <summary>Only a failure of processing itself can pass; a missing or damaged file or a deleted event cannot.</summary>
    private static bool IsRetryable(UploadRecord upload) => upload.FailureReason == ProcessingFailed;

    private Task FailAsync(string uploadId, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(uploadId, u => u with { Status = UploadStatus.Failed, FailureReason = reason, CompletedAt = time.GetUtcNow() }, cancellationToken);

    /// <summary>
    /// Counts a failed attempt on the upload; the last attempt the host makes (<see cref="StorageNames.MaxDequeueCount"/>)
    /// marks it failed, so the provider sees it stopped rather than "processing" forever. Best effort: storage may
    /// be what failed.
    /// </summary>
    private async Task CountFailureAsync(string uploadId, Exception error)
    {
        try
        {
            var failed = await UpdateAsync(uploadId, u => u with { FailedAttempts = u.FailedAttempts + 1 }, CancellationToken.None);
            logger.LogError(error, "Upload {UploadId}: processing attempt {Attempt} failed.", uploadId, failed.FailedAttempts);
            if (failed.FailedAttempts >= StorageNames.MaxDequeueCount)
            {
                await FailAsync(uploadId, ProcessingFailed, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Upload {UploadId}: could not record a failed attempt.", uploadId);
        }
    }

    /// <summary>
    /// What one chunk did: the keys of the attendees it issued (certificate records stored), the rows already issued
    /// by another upload, and the stored versions of the issued attendees still waiting for their certificate.
    /// </summary>
    private sealed record ChunkResult(IReadOnlyList<string> Keys, IReadOnlyList<RowIssue> AlreadyIssued, IReadOnlyList<AttendeeVersion> Versions);

    private async Task<ChunkResult> IssueChunkAsync(UploadRecord upload, List<Attendee> rows, Counts counts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var partition = ICodeStore.Partitions[Random.Shared.Next(ICodeStore.Partitions.Length)];
        var candidates = rows.Select(row =>
        {
            var (code, hash) = DrawCode(partition);
            return new AttendeeRecord(
                upload.EventId, Ids.Digest(row.EmailKey), upload.UploadId, row.Line, row.FullName, row.Email.Trim(),
                row.Language.Code(), protector.Protect(code), hash, now, CertificateStatus.Queued, CertificateId: CertificateIds.New());
        }).ToList();

        var outcomes = await attendees.AddNewAsync(upload.EventId, candidates, cancellationToken);
        var ours = new List<AttendeeRecord>();
        var issues = new List<RowIssue>();
        var versions = new Dictionary<string, AttendeeVersion>(StringComparer.Ordinal);
        foreach (var (outcome, row) in outcomes.Zip(rows))
        {
            if (outcome.ETag is { } etag && outcome.Stored.CertificateStatus == CertificateStatus.Queued)
            {
                versions[outcome.Stored.AttendeeKey] = new AttendeeVersion(outcome.Stored, etag);
            }

            if (outcome.Added || outcome.Stored.UploadId == upload.UploadId)
            {
                // Added now, or by an earlier delivery of this same upload message: either way it is this upload's.
                ours.Add(outcome.Stored);
            }
            else if (outcome.Stored.CertificateStatus == CertificateStatus.Queued && await StoppedAsync(outcome.Stored.UploadId, counts, cancellationToken))
            {
                // Stored by an upload that failed before its certificate went out: whether its code or its queue
                // message was written is unknown, so both are done again (each is idempotent) and the row is ours.
                logger.LogInformation("Upload {UploadId} finishes an attendee left by failed upload {Failed}.", upload.UploadId, outcome.Stored.UploadId);
                ours.Add(outcome.Stored);
            }
            else
            {
                issues.Add(new RowIssue(row.Line, "email", RowIssueKind.AlreadyIssued, IssueCodes.RowAlreadyIssued, [outcome.Stored.UploadId]));
            }
        }

        var stored = await StoreCodesAsync(upload, ours, cancellationToken);

        // The audit and the certificate records are independent of each other; both are stored before the chunk's
        // keys are handed on, so every link an e-mail carries already answers.
        await Task.WhenAll(
            AuditIssuedAsync(upload, stored, counts, cancellationToken),
            certificates.SaveAsync(
                [.. stored.Where(a => a.CertificateId is not null)
                    .Select(a => new CertificateRecord(a.CertificateId!, a.EventId, a.AttendeeKey, a.CodeHash, a.FullName, a.IssuedAt))],
                cancellationToken));
        // A code replaced after a collision is a later version than the one added: that certificate is read instead.
        var unchanged = stored
            .Where(a => versions.TryGetValue(a.AttendeeKey, out var v) && v.Attendee.CodeHash == a.CodeHash)
            .Select(a => versions[a.AttendeeKey]);
        return new ChunkResult([.. ours.Select(a => a.AttendeeKey)], issues, [.. unchanged]);
    }

    /// <summary>
    /// Records the codes issued, and that the event's stated facts are now fixed (once per event, by its key; written
    /// once per slice, with the slice's first codes). A retried upload writes the same records again, kept once by their keys.
    /// </summary>
    private async Task AuditIssuedAsync(UploadRecord upload, IReadOnlyCollection<AttendeeRecord> stored, Counts counts, CancellationToken cancellationToken)
    {
        if (stored.Count == 0)
        {
            return;
        }

        var actor = AuditEntries.Provider(upload.ProviderId);
        var locked = counts.EventLocked(() => audit.RecordAsync([AuditEntries.EventLocked(actor, upload.EventId, time.GetUtcNow())], cancellationToken));
        await Task.WhenAll(locked, audit.RecordAsync(
            [.. stored.Select(a => AuditEntries.Code(
                AuditActions.CodeIssued, actor, null, new CodeRecord(a.CodeHash, a.EventId, a.AttendeeKey, CodeStatus.Issued, null, a.IssuedAt, null), a.IssuedAt,
                "upload " + upload.UploadId))],
            cancellationToken));
    }

    /// <summary>
    /// A fresh code whose hash falls into <paramref name="partition"/> (16 draws on average), so that a chunk's codes
    /// are one storage transaction instead of ~16. Without the hash key nobody can tell which codes fall where, so
    /// the space a guesser must search is not narrowed.
    /// </summary>
    private (string Code, string Hash) DrawCode(char partition)
    {
        while (true)
        {
            var code = ConfirmationCode.Generate();
            var hash = hasher.Hash(code);
            if (hash[0] == partition)
            {
                return (code, hash);
            }
        }
    }

    /// <summary>Whether the upload that stored an attendee has failed, so nobody else will finish that attendee (asked once per upload).</summary>
    private async Task<bool> StoppedAsync(string uploadId, Counts counts, CancellationToken cancellationToken)
    {
        if (!counts.Stopped.TryGetValue(uploadId, out var stopped))
        {
            // Chunks in flight may ask at once; each gets the same answer from storage.
            var other = await uploads.FindAsync(uploadId, cancellationToken);
            stopped = other is null || other.Status == UploadStatus.Failed;
            counts.Stopped[uploadId] = stopped;
        }

        return stopped;
    }

    /// <summary>Stores each attendee's code; a hash held by someone else means a new code for this attendee. Returns the attendees with the codes stored.</summary>
    private async Task<IReadOnlyCollection<AttendeeRecord>> StoreCodesAsync(UploadRecord upload, List<AttendeeRecord> ours, CancellationToken cancellationToken)
    {
        var stored = ours.ToDictionary(a => a.AttendeeKey, StringComparer.Ordinal);
        var pending = ours;
        for (var attempt = 0; pending.Count > 0; attempt++)
        {
            if (attempt == 5)
            {
                throw new InvalidOperationException("Could not store unique codes after 5 attempts.");
            }

            var records = pending.Select(a => new CodeRecord(a.CodeHash, a.EventId, a.AttendeeKey, CodeStatus.Issued, null, a.IssuedAt, null)).ToList();
            var collisions = (await codes.AddMissingAsync(records, cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var next = new List<AttendeeRecord>();
            foreach (var attendee in pending.Where(a => collisions.Contains(a.CodeHash)))
            {
                var code = ConfirmationCode.Generate();
                var replaced = attendee with { ProtectedCode = protector.Protect(code), CodeHash = hasher.Hash(code) };
                // Conditional like a re-issue's: if the attendee's code changed meanwhile, that change stands.
                if (await attendees.TryReplaceCodeAsync(upload.EventId, attendee.AttendeeKey, attendee.CodeHash, replaced.ProtectedCode, replaced.CodeHash, cancellationToken))
                {
                    next.Add(replaced);
                    stored[attendee.AttendeeKey] = replaced;
                }
                else
                {
                    // Its certificate is the change that stands (a re-issue), not this one.
                    stored.Remove(attendee.AttendeeKey);
                }

                logger.LogWarning("Code collision in upload {UploadId}: issued a new code.", upload.UploadId);
            }

            pending = next;
        }

        return stored.Values;
    }

    /// <summary>
    /// Queues the pending certificates in one message, with the attendees' versions in a batch beside the upload, so
    /// that the mailer claims them without reading each one. Should this stop between the two, the batch is left
    /// unused until its upload's raw file goes, and the retry writes another.
    /// </summary>
    private async Task QueueCertificatesAsync(UploadRecord upload, PendingCertificates pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var batch = pending.Versions.Count > 0 ? await batches.SaveAsync(upload.EventId, upload.UploadId, pending.Versions, cancellationToken) : null;
        await queue.SendAsync(StorageNames.Queues.Certificates, new CertificateEmailMessage(upload.UploadId, upload.EventId, [.. pending.Keys], batch), cancellationToken);
        pending.Clear();
    }

    /// <summary>Certificates issued and not yet queued: their attendees' keys, and the versions known of them.</summary>
    private sealed class PendingCertificates
    {
        public List<string> Keys { get; } = [];

        public List<AttendeeVersion> Versions { get; } = [];

        public int Count => Keys.Count;

        public void Add(ChunkResult result)
        {
            Keys.AddRange(result.Keys);
            Versions.AddRange(result.Versions);
        }

        public void Clear()
        {
            Keys.Clear();
            Versions.Clear();
        }
    }

    private async Task<UploadRecord> SaveAsync(UploadRecord upload, CancellationToken cancellationToken) =>
        await UpdateAsync(upload.UploadId, _ => upload, cancellationToken);

    /// <summary>Read-modify-write with the ETag: the certificate sender updates the same record's e-mail counts.</summary>
    private async Task<UploadRecord> UpdateAsync(string uploadId, Func<UploadRecord, UploadRecord> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await uploads.FindAsync(uploadId, cancellationToken)
                ?? throw new InvalidOperationException($"Upload {uploadId} disappeared.");
            var changed = change(current) with { ETag = current.ETag, Emailed = current.Emailed, EmailFailed = current.EmailFailed };

            if (await uploads.TryReplaceAsync(changed, cancellationToken))
            {
                return (await uploads.FindAsync(uploadId, cancellationToken))!;
            }

            if (attempt > 20)
            {
                throw new InvalidOperationException($"Upload {uploadId} kept changing under the processor.");
            }
        }
    }

    private sealed class Counts
    {
        public int Rows { get; set; }
        public int Accepted { get; set; }
        public int Rejected { get; set; }
        public int Issued { get; set; }
        public int AlreadyIssued { get; set; }

        /// <summary>What this slice read and issued, for the metrics: <see cref="Issued"/> is the upload's running total.</summary>
        public int SliceAccepted { get; set; }
        public int SliceRejected { get; set; }
        public int IssuedBefore { get; init; }

        /// <summary>Other uploads met in this one, and whether each has stopped (failed or gone).</summary>
        public ConcurrentDictionary<string, bool> Stopped { get; } = new(StringComparer.Ordinal);

        private readonly Lock gate = new();
        private Task? eventLocked;

        /// <summary>The slice's one write of the event-locked audit entry, shared by the chunks in flight; a failed one is tried again by the next chunk.</summary>
        public Task EventLocked(Func<Task> record)
        {
            lock (gate)
            {
                if (eventLocked is null || eventLocked.IsFaulted || eventLocked.IsCanceled)
                {
                    eventLocked = record();
                }

                return eventLocked;
            }
        }
    }
}
