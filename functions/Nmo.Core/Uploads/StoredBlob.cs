namespace Nmo.Core.Uploads;

public sealed record StoredBlob(long Bytes, string Sha256);
