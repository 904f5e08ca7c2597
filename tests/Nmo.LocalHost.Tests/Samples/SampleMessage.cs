namespace Nmo.LocalHost.Tests.Samples;

/// <summary>The message of <see cref="SampleQueueFunctions"/>: its action makes the function fail or take time.</summary>
public sealed record SampleMessage(string Id, string Action);
