namespace Nmo.Azurite;

/// <summary>
/// Azurite exited because one of its ports was taken (by another process, between our pick and its bind); the
/// launcher picks again or reports it as an <see cref="AzuriteException"/>.
/// </summary>
internal sealed class AzuritePortTakenException(string message) : Exception(message);
