namespace Nmo.LocalHost.Tests.Samples;

/// <summary>What <see cref="SampleHttpFunctions"/>' echo answers: what the function received.</summary>
public sealed record EchoAnswer(string Name, string Method, string Query, string Body);
