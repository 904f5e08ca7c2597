using System.Text;
using Moq;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Providers;
using Nmo.Core.Tests.Common;
using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.ProviderConsole;

public sealed class ProviderReadServicesTests
{
    private static readonly ProviderRecord Mine = new("prv-1", "Мой", "hash", DateTimeOffset.UnixEpoch);
    private static readonly ProviderRecord Other = new("prv-2", "Чужой", "hash", DateTimeOffset.UnixEpoch);
    private static readonly EventRecord Event = new(
        "ev-1", "prv-1", "Мой", "Школа", ActivityKinds.Event, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 21), "Москва", 6, null, DateTimeOffset.UnixEpoch);

    private readonly Mock<IEventStore> events = new();

    public ProviderReadServicesTests() =>
        events.Setup(e => e.FindAsync("ev-1", It.IsAny<CancellationToken>())).ReturnsAsync(Event);

    private static AttendeeRecord Attendee(string name, string email) =>
        new("ev-1", "k", "upl-1", 2, name, email, "ru", "protected", "hash", DateTimeOffset.UnixEpoch, "sent");

    [Theory]
    [InlineData("ёлкина", true)]
    [InlineData("елкина", true)]
    [InlineData("АННА ЁЛКИНА", true)]
    [InlineData("clinic.example", true)]
    [InlineData("анна петрова", false)]
    [InlineData("", true)]
    public void An_attendee_matches_when_every_word_is_in_the_name_or_address(string query, bool matches) =>
        Assert.Equal(matches, AttendeeSearchService.Matches(Attendee("Ёлкина Анна", "elkina@clinic.example"), query));

    [Fact]
    public async Task Attendees_of_another_providers_event_are_not_read_at_all()
    {
        var directory = new Mock<IAttendeeDirectory>();
        var service = new AttendeeSearchService(events.Object, directory.Object, Mock.Of<ICodeProtector>());

        var problem = ResultAssert.Problem(await service.FindAsync(Other, "ev-1", "анна", null, null, Language.Ru, CancellationToken.None));

        Assert.Equal((404, "event.not-found"), (problem.Status, problem.Code));
        directory.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_found_attendee_shows_the_last_four_symbols_of_the_code_only()
    {
        var directory = new Mock<IAttendeeDirectory>();
        directory.Setup(d => d.FindAsync("ev-1", It.IsAny<Func<AttendeeRecord, bool>>(), 50, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Page<AttendeeRecord>([Attendee("Ёлкина Анна", "elkina@clinic.example")], "next"));
        var protector = new Mock<ICodeProtector>();
        protector.Setup(p => p.Unprotect("protected")).Returns("ABCD-EFGH2345");
        var service = new AttendeeSearchService(events.Object, directory.Object, protector.Object);

        var page = ResultAssert.Ok(await service.FindAsync(Mine, "ev-1", "анна", null, null, Language.Ru, CancellationToken.None));

        Assert.Equal("****-****2345", Assert.Single(page.Items).MaskedCode);
        Assert.Equal(PageRequest.Encode("next"), page.ContinuationToken);
        Assert.Equal("next", ResultAssert.Ok(PageRequest.Parse(null, page.ContinuationToken, Language.Ru)).StorageToken);
    }

    [Theory]
    [InlineData("0", null, "pageSize")]
    [InlineData("201", null, "pageSize")]
    [InlineData("-1", null, "pageSize")]
    [InlineData(null, "не токен", "continuationToken")]
    public void A_page_parameter_out_of_range_is_named_in_the_problem(string? size, string? token, string name)
    {
        var problem = ResultAssert.Problem(PageRequest.Parse(size, token, Language.En));

        Assert.Equal((400, "query.invalid"), (problem.Status, problem.Code));
        Assert.Contains($"'{name}'", problem.Detail);
    }

    [Fact]
    public async Task A_precheck_past_the_size_limit_is_a_413_while_it_reads_and_nothing_else_is_touched()
    {
        var service = new UploadPrecheckService(events.Object, new UploadOptions { MaxBytes = 100 });
        var body = new MemoryStream(Encoding.UTF8.GetBytes("Фамилия;Имя;Email\r\n" + string.Concat(Enumerable.Repeat("Иванова;Анна;a@b.example\r\n", 10))));

        var problem = ResultAssert.Problem(await service.CheckAsync(Mine, "ev-1", body, declaredLength: null, Language.Ru, CancellationToken.None));

        Assert.Equal((413, "body.too-large"), (problem.Status, problem.Code));
        events.Verify(e => e.FindAsync("ev-1", It.IsAny<CancellationToken>()), Times.Once);
        events.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_precheck_counts_rows_and_leaves_no_file_behind()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "nmo-precheck-*").Length;
        var service = new UploadPrecheckService(events.Object, new UploadOptions());
        var body = new MemoryStream(Encoding.UTF8.GetBytes("Фамилия;Имя;Email\r\nИванова;Анна;a@b.example\r\nПетров;Пётр;нет\r\n"));

        var report = ResultAssert.Ok(await service.CheckAsync(Mine, "ev-1", body, null, Language.En, CancellationToken.None));

        Assert.Equal((2, 1, 1, true), (report.Rows, report.Accepted, report.Rejected, report.Usable));
        Assert.Equal(3, Assert.Single(report.Errors).Line);
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "nmo-precheck-*").Length);
    }

    [Theory]
    [InlineData("titled.xlsx", "xlsx")]
    [InlineData("titled.xls", "xls")]
    [InlineData("titled-1251.csv", "Windows-1251")]
    public async Task A_precheck_reads_a_request_body_once_as_it_comes_in_whatever_the_file_s_format(string name, string format)
    {
        var service = new UploadPrecheckService(events.Object, new UploadOptions());
        var body = new OneWayBody(Attendance.WorkbookTests.File(name));

        var report = ResultAssert.Ok(await service.CheckAsync(Mine, "ev-1", body, null, Language.Ru, CancellationToken.None));

        Assert.Equal((format, 15, 15, true), (report.Encoding, report.Rows, report.Accepted, report.Usable));
        Assert.True(body.ReadToEnd);
    }

    [Fact]
    public async Task A_precheck_lists_every_rejected_row_however_many_there_are()
    {
        var service = new UploadPrecheckService(events.Object, new UploadOptions());
        var rows = Enumerable.Range(0, UploadService.HeldIssues + 200).Select(i => $"Иванова;Анна;нет-адреса-{i}");
        var body = new OneWayBody(Encoding.UTF8.GetBytes("Фамилия;Имя;Email\r\n" + string.Join("\r\n", rows) + "\r\n"));

        var report = ResultAssert.Ok(await service.CheckAsync(Mine, "ev-1", body, null, Language.Ru, CancellationToken.None));

        Assert.Equal(UploadService.HeldIssues + 200, report.Rejected);
        Assert.Equal(Enumerable.Range(2, UploadService.HeldIssues + 200).Select(l => (int?)l), report.Errors.Select(e => e.Line));
    }

    [Fact]
    public async Task A_precheck_of_a_body_of_exactly_the_limit_is_checked()
    {
        var bytes = Encoding.UTF8.GetBytes("Фамилия;Имя;Email\r\nИванова;Анна;a@b.example\r\n");
        var service = new UploadPrecheckService(events.Object, new UploadOptions { MaxBytes = bytes.Length });

        var report = ResultAssert.Ok(await service.CheckAsync(Mine, "ev-1", new OneWayBody(bytes), null, Language.Ru, CancellationToken.None));

        Assert.Equal((1, 1), (report.Rows, report.Accepted));
    }

    [Fact]
    public async Task A_body_that_breaks_off_is_an_error_and_never_a_check_of_what_came_before()
    {
        var service = new UploadPrecheckService(events.Object, new UploadOptions());
        var body = new OneWayBody(Encoding.UTF8.GetBytes("Фамилия;Имя;Email\r\nИванова;Анна;a@b.example\r\n"), breaksOff: true);

        await Assert.ThrowsAsync<IOException>(() => service.CheckAsync(Mine, "ev-1", body, null, Language.Ru, CancellationToken.None));
    }

    [Fact]
    public async Task A_precheck_of_an_empty_body_says_the_file_is_missing()
    {
        var service = new UploadPrecheckService(events.Object, new UploadOptions());

        var problem = ResultAssert.Problem(await service.CheckAsync(Mine, "ev-1", new OneWayBody([]), null, Language.Ru, CancellationToken.None));

        Assert.Equal((400, "body.missing"), (problem.Status, problem.Code));
    }

    /// <summary>
    /// A request body: read forwards only, once; it cannot seek, and says when it was read to its end. One that
    /// <paramref name="breaksOff"/> gives its bytes and then fails as a reset connection does.
    /// </summary>
    private sealed class OneWayBody(byte[] bytes, bool breaksOff = false) : Stream
    {
        private readonly MemoryStream inner = new(bytes);

        public bool ReadToEnd { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("A request body is read asynchronously.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Assert.False(ReadToEnd, "The body was read again after its end.");
            var read = inner.Read(buffer.Span);
            if (read == 0 && breaksOff)
            {
                throw new IOException("The connection was reset.");
            }

            ReadToEnd = read == 0;
            return ValueTask.FromResult(read);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
