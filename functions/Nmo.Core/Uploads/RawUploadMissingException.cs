namespace Nmo.Core.Uploads;

/// <summary>The raw bytes of an upload are gone (deleted by hand, or a retention rule): it cannot be processed.</summary>
public sealed class RawUploadMissingException(string blobName, Exception? inner = null)
    : Exception($"The raw upload {blobName} does not exist.", inner);
