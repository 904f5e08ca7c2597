namespace Nmo.Core.Uploads;

/// <summary>Thrown while storing an upload that turns out larger than the limit.</summary>
public sealed class UploadTooLargeException(long maxBytes) : Exception($"The upload exceeds {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}
