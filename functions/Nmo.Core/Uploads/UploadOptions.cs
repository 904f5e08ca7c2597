namespace Nmo.Core.Uploads;

public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>
    /// What the Azure Functions host itself accepts (104,857,600 bytes): a larger request is refused by the host
    /// before it reaches the app, so no larger setting could ever take effect.
    /// </summary>
    public const long HostLimitBytes = 100L * 1024 * 1024;

    /// <summary>Largest accepted upload (setting <c>Uploads:MaxBytes</c>); past it the API answers 413. Capped at <see cref="HostLimitBytes"/>.</summary>
    public long MaxBytes { get; set; } = HostLimitBytes;

    /// <summary>The limit actually enforced: the setting, but never above what the host lets through.</summary>
    public long EffectiveMaxBytes => Math.Clamp(MaxBytes, 1, HostLimitBytes);

    /// <summary>Rows issued per storage transaction (Table Storage allows 100 entities per batch).</summary>
    public int ChunkSize { get; set; } = 100;

    /// <summary>
    /// Chunks issued at the same time (setting <c>Uploads:ChunksInFlight</c>, 1 to 16). A slice's checkpoint waits for
    /// all of them. One by default: measured on Azurite, 4 gave the same rows/s for 46 MB more (docs/benchmarks.md),
    /// and on Azure one chunk already issues faster than the event's attendee partition takes its ~3 writes per row.
    /// </summary>
    public int ChunksInFlight { get; set; } = 1;

    /// <summary>
    /// Rows one queue invocation processes before it stores a checkpoint and queues the rest as a new message
    /// (setting <c>Uploads:SliceSize</c>), so any size finishes within the function's time budget and a retry
    /// resumes at its checkpoint. A slice ends at the first row after this where no certificate batch is half full.
    /// </summary>
    public int SliceSize { get; set; } = 10_000;

    /// <summary>Recipients per certificate e-mail message: SendGrid takes up to 1,000 personalizations a request.</summary>
    public int EmailBatchSize { get; set; } = 1000;

    /// <summary>
    /// An upload still "received" this long after it arrived lost its queue message (the process stopped between
    /// the record and the message): the sweep queues it again (setting <c>Uploads:StuckAfter</c>).
    /// </summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);
}
