namespace Nmo.Core.Messaging;

/// <summary>An upload whose raw bytes are stored and whose rows now need codes.</summary>
public sealed record UploadReceivedMessage(string UploadId);
