namespace Nmo.Infrastructure.Queues;

/// <summary>One pipeline queue as the gauges saw it: how long its oldest message has waited, and its poison queue's depth.</summary>
public sealed record QueueReading(string Queue, TimeSpan OldestAge, int PoisonDepth);
