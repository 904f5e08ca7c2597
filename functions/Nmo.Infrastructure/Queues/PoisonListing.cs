namespace Nmo.Infrastructure.Queues;

/// <summary>What a poison queue holds: about how many messages, and the first of them.</summary>
public sealed record PoisonListing(int ApproximateCount, IReadOnlyList<PoisonMessage> Messages);

/// <summary>One poison message as listed: never its full text, which may hold addresses or codes.</summary>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Preview);
