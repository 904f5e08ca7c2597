namespace Nmo.Infrastructure.Retention;

/// <summary>One entity whose personal data an erasure replaced: where, and which properties.</summary>
public sealed record ErasedEntity(string Table, string PartitionKey, string RowKey, IReadOnlyList<string> Properties);

/// <summary>A raw upload that held the person: its state after the erasure (deleted, or kept until when and why).</summary>
public sealed record RawUploadFinding(string UploadId, string EventId, string State);

/// <summary>What an erasure found and changed; <see cref="Found"/> is false when nothing was ever stored for the person.</summary>
public sealed record ErasureReport(
    bool Found,
    IReadOnlyList<ErasedEntity> Changed,
    int AlreadyErased,
    IReadOnlyList<RawUploadFinding> RawUploads);
