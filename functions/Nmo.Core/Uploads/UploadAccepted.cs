namespace Nmo.Core.Uploads;

/// <summary>An upload taken for processing, or recognised as a repeat of <paramref name="Upload"/> when <paramref name="Duplicate"/>.</summary>
public sealed record UploadAccepted(UploadRecord Upload, bool Duplicate);
