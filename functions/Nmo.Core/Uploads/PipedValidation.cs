using System.IO.Pipelines;
using Nmo.Core.Attendance;

namespace Nmo.Core.Uploads;

/// <summary>
/// Validates a file while its bytes are written into <see cref="Writer"/>, in the same pass that reads them, so that a
/// request body is read once and never spooled. The reader reads synchronously, so it runs on a thread of its own,
/// and the pipe holds at most 1 MB ahead of it. Rejected rows' issues are held up to a limit; past it the
/// validation says it overflowed, and its counts stay exact. Disposed before it was completed (the body broke off,
/// or was too large), it is abandoned: its bytes are ended and its thread stops.
/// </summary>
internal sealed class PipedValidation : IAsyncDisposable
{
    private readonly Pipe pipe = new(new PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false));
    private readonly Task<StreamedValidation> validating;

    private PipedValidation(AttendanceRules rules, int heldIssues) =>
        validating = Task.Factory.StartNew(
            () => Validate(pipe.Reader, rules, heldIssues), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public PipeWriter Writer => pipe.Writer;

    public static PipedValidation Start(AttendanceRules rules, int heldIssues) => new(rules, heldIssues);

    /// <summary>Ends the bytes: what the validation made of them.</summary>
    public async Task<StreamedValidation> CompleteAsync()
    {
        await pipe.Writer.CompleteAsync();
        return await validating;
    }

    /// <summary>
    /// Unless completed, ends the bytes as broken off (a writer completed already stays as it was). Whatever the
    /// validation made of what came before is of no use then; it is waited for only so that nothing of it runs on.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await pipe.Writer.CompleteAsync(new OperationCanceledException("The validated bytes broke off."));
        await validating.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private static StreamedValidation Validate(PipeReader reader, AttendanceRules rules, int heldIssues)
    {
        // Disposing the stream completes the reader, so the writer stops copying once the validation has what it needs.
        using var content = reader.AsStream();
        var issues = new List<RowIssue>();
        var overflowed = false;
        var report = AttendanceValidator.Validate(content, rules, issue =>
        {
            overflowed |= issues.Count == heldIssues;
            if (!overflowed)
            {
                issues.Add(issue);
            }
        });
        return new StreamedValidation(report, issues, overflowed);
    }
}
