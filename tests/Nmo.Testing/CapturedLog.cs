using Microsoft.Extensions.Logging;

namespace Nmo.Testing;

/// <summary>One log line as <see cref="LogCapture"/> kept it.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, Exception? Exception);
