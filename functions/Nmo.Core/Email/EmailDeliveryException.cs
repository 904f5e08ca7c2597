namespace Nmo.Core.Email;

/// <summary>Some messages were not accepted for a reason that may pass; the queue message is retried.</summary>
public sealed class EmailDeliveryException(string message) : Exception(message);
