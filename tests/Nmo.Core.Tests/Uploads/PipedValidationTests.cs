using System.Text;
using Nmo.Core.Attendance;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Uploads;

/// <summary>
/// The validation an upload runs while its bytes stream into storage: exact counts always, and the rejected rows'
/// issues held only up to a limit, so that memory does not grow with the file.
/// </summary>
public sealed class PipedValidationTests
{
    private static byte[] File(int bad) =>
        Encoding.UTF8.GetBytes("Фамилия;Имя;Email\r\nИванова;Анна;a@b.example\r\n" + string.Concat(Enumerable.Range(0, bad).Select(i => $"Петров;Пётр;нет-{i}\r\n")));

    private static async Task<StreamedValidation> ValidateAsync(byte[] bytes, int heldIssues)
    {
        var validation = PipedValidation.Start(new AttendanceRules(), heldIssues);

        // In pieces, as a body comes in.
        foreach (var piece in bytes.Chunk(7))
        {
            await validation.Writer.WriteAsync(piece);
        }

        return await validation.CompleteAsync();
    }

    [Fact]
    public async Task Past_the_limit_it_holds_the_first_issues_says_it_overflowed_and_still_counts_every_row()
    {
        var streamed = await ValidateAsync(File(bad: 5), heldIssues: 3);

        Assert.True(streamed.Overflowed);
        Assert.Equal([3, 4, 5], streamed.Issues.Select(i => i.Line));
        Assert.Equal((6, 1, 5), (streamed.Report.Rows, streamed.Report.Accepted, streamed.Report.Rejected));
    }

    [Fact]
    public async Task Up_to_the_limit_it_holds_every_issue()
    {
        var streamed = await ValidateAsync(File(bad: 3), heldIssues: 3);

        Assert.False(streamed.Overflowed);
        Assert.Equal([3, 4, 5], streamed.Issues.Select(i => i.Line));
    }

    [Fact]
    public async Task Disposed_before_its_bytes_were_all_written_it_ends_them_and_stops()
    {
        var validation = PipedValidation.Start(new AttendanceRules(), heldIssues: 10);
        await validation.Writer.WriteAsync(File(bad: 2).AsMemory(0, 30));

        var disposing = validation.DisposeAsync().AsTask();

        Assert.Same(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(30))));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await validation.Writer.WriteAsync(new byte[1]));
    }
}
