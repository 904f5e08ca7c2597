using Nmo.Core.Attendance;

namespace Nmo.Core.Tests.Attendance;

/// <summary>The duplicate check's table: every key keeps the line it was first seen at, however many come after.</summary>
public sealed class FirstLinesTests
{
    [Fact]
    public void A_key_seen_again_answers_the_line_it_was_first_seen_at()
    {
        using var lines = new FirstLines(expected: 0);

        Assert.True(lines.TryAdd(42, line: 2, out _));
        Assert.True(lines.TryAdd(43, line: 3, out _));
        Assert.False(lines.TryAdd(42, line: 9, out var first));

        Assert.Equal(2, first);
        Assert.Equal(2, lines.Count);
    }

    [Fact]
    public void Keys_far_beyond_the_expected_count_are_all_kept_even_when_they_share_their_low_bits()
    {
        // The slot comes from the low bits; keys differing only in the high half all want the same one.
        using var lines = new FirstLines(expected: 4);
        for (var i = 1; i <= 5_000; i++)
        {
            Assert.True(lines.TryAdd(Key(i), line: i + 1, out _));
        }

        for (var i = 1; i <= 5_000; i++)
        {
            Assert.False(lines.TryAdd(Key(i), line: 99_999, out var first));
            Assert.Equal(i + 1, first);
        }

        Assert.Equal(5_000, lines.Count);
        Assert.True(lines.TryAdd(Key(5_001), line: 1, out _));

        static UInt128 Key(int i) => i % 2 == 0 ? new UInt128((ulong)i, 7) : (UInt128)(ulong)i * 1_000_003;
    }

    [Fact]
    public void A_table_rented_again_after_use_starts_empty()
    {
        using (var used = new FirstLines(expected: 100))
        {
            for (var i = 1; i <= 100; i++)
            {
                used.TryAdd((UInt128)i, line: i, out _);
            }
        }

        using var fresh = new FirstLines(expected: 100);

        Assert.True(fresh.TryAdd(1, line: 5, out _));
        Assert.Equal(1, fresh.Count);
    }

    [Fact]
    public void Line_zero_is_refused_because_it_marks_a_free_slot() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FirstLines(0).TryAdd(1, line: 0, out _));
}
