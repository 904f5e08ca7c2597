using Microsoft.Extensions.Logging;

namespace Nmo.Core.Tests.Common.Fakes;

/// <summary>Keeps what a service logs, formatted as an operator reads it, so a test can check what the log reveals.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Lines.Add(formatter(state, exception));
    }
}
