using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Nmo.Core.Common;

namespace Nmo.Core.Attendance;

/// <summary>
/// Decides from a CSV row's UTF-8 bytes, without making a string of any cell, that <see cref="AttendanceRow"/> would
/// accept the row as it stands, and gives its e-mail key. It answers only for rows that need nothing done to them:
/// cells already clean (no edge or double spaces, no control or invisible characters, nothing garbled), an address
/// without a name or <c>mailto:</c> around it, no threshold on minutes or presence to check. Whatever else, including
/// every row that would be refused, is "not sure" and goes the whole way, so a row's verdict cannot differ between the two
/// (PlainRowTests hold them to that on every row of their files). Most rows of a real list are plain, and a file that
/// is only counted (validation, the rows before a checkpoint) then costs no allocation per row.
/// </summary>
internal static class PlainRow
{
    // A record is decided at once only when it holds printable ASCII and Cyrillic letters (U+0400..U+047F, two bytes
    // led by D0 or D1): every other byte is here, controls and DEL among them, and every lead byte beyond Cyrillic,
    // so a record with any other character (NBSP, U+FFFD, an accented letter alike) has its cells checked one by one.
    // The quote is here too: a record holding one has cells that its raw bytes do not show as read.
    private static readonly SearchValues<byte> Unclean = SearchValues.Create(UncleanBytes(tabDelimited: false));

    // A tab-delimited record holds tabs between its cells, never inside one.
    private static readonly SearchValues<byte> UncleanTabDelimited = SearchValues.Create(UncleanBytes(tabDelimited: true));

    /// <summary>
    /// True when the row is accepted as it stands; <paramref name="key"/> (at least <see cref="AttendanceRow.MaxFieldLength"/>
    /// long) then starts with the <paramref name="keyLength"/> characters of <see cref="Attendee.EmailKey"/>.
    /// </summary>
    public static bool TryAccept(CsvRowSource source, ColumnLayout layout, AttendanceRules rules, Span<char> key, out int keyLength)
    {
        keyLength = 0;

        // Without a threshold, minutes and presence are for information and cost nobody a code; with one, the value
        // must be parsed and compared, which the full way does.
        if ((rules.MinAttendanceMinutes is not null && layout.Has(AttendanceColumn.Minutes))
            || (rules.MinPresenceShare is not null && layout.Has(AttendanceColumn.Presence)))
        {
            return false;
        }

        var fields = source.FieldCount;
        var clean = source.CleanRecord;
        ReadOnlySpan<byte> last = default, first = default, full = default, email = default, snils = default;
        for (var c = 0; c < ColumnLayout.Columns; c++)
        {
            var index = layout.Index[c];
            if (index < 0 || index >= fields)
            {
                continue;
            }

            // A clean record's cells are read as the file has them, and only their edges are left to check: a cell
            // with a space there is one the reader would have trimmed, and is not plain.
            var cell = clean ? source.RawUtf8(index) : source.Utf8(index);

            // UTF-8 takes at least a byte per UTF-16 unit, so a cell within the limit in bytes is within it in characters.
            if (cell.Length > AttendanceRow.MaxFieldLength || !(clean ? EdgesClean(cell) : IsClean(cell)))
            {
                return false;
            }

            switch ((AttendanceColumn)c)
            {
                case AttendanceColumn.LastName:
                    last = cell;
                    break;
                case AttendanceColumn.FirstName:
                    first = cell;
                    break;
                case AttendanceColumn.FullName:
                    full = cell;
                    break;
                case AttendanceColumn.Email:
                    email = cell;
                    break;
                case AttendanceColumn.Snils:
                    snils = cell;
                    break;
            }
        }

        var named = layout.HasSplitName
            ? !last.IsEmpty && !first.IsEmpty
            : Words(full) >= 2;
        if (!named || !TryKey(email, key, out keyLength))
        {
            return false;
        }

        if (!snils.IsEmpty)
        {
            Span<char> chars = stackalloc char[AttendanceRow.MaxFieldLength];
            Span<char> digits = stackalloc char[11];
            var n = Encoding.UTF8.GetChars(snils, chars);
            if (Snils.Check(chars[..n], digits) is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether every cell of a record (the raw bytes of its cells and the delimiters between them) is clean as
    /// <see cref="IsClean"/> has it, spaces at a cell's edges aside: one vectorised pass over the record instead of
    /// one loop per cell. False says nothing: the cells are then checked one by one.
    /// </summary>
    internal static bool IsCleanRecord(ReadOnlySpan<byte> record, byte delimiter) =>
        !record.ContainsAny(delimiter == (byte)'\t' ? UncleanTabDelimited : Unclean)
        && record.IndexOf("  "u8) < 0
        && CyrillicPairs(record);

    /// <summary>
    /// Whether bytes of printable ASCII, D0, D1 and 80..BF (what <see cref="Unclean"/> lets through) are well-formed
    /// UTF-8: each D0 or D1 followed by a continuation byte, each continuation byte following a D0 or D1. Sixteen bytes
    /// at a time, each compared with the one before it: a general UTF-8 check took half the time of deciding a row.
    /// </summary>
    internal static bool CyrillicPairs(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return true;
        }

        if (IsLead(bytes[^1]) || IsContinuation(bytes[0]))
        {
            return false;
        }

        if (!Vector128.IsHardwareAccelerated || bytes.Length <= Vector128<byte>.Count)
        {
            for (var i = 1; i < bytes.Length; i++)
            {
                if (IsContinuation(bytes[i]) != IsLead(bytes[i - 1]))
                {
                    return false;
                }
            }

            return true;
        }

        ref var start = ref MemoryMarshal.GetReference(bytes);
        var last = (nuint)(bytes.Length - Vector128<byte>.Count);
        var continuationMask = Vector128.Create((byte)0xC0);
        var continuation = Vector128.Create((byte)0x80);
        var leadMask = Vector128.Create((byte)0xFE);
        var lead = Vector128.Create((byte)0xD0);
        for (nuint i = 1; ; i += (nuint)Vector128<byte>.Count)
        {
            // The last block may overlap the one before it: bytes are checked twice, none is skipped.
            i = Math.Min(i, last);
            var current = Vector128.LoadUnsafe(ref start, i);
            var previous = Vector128.LoadUnsafe(ref start, i - 1);
            if (!Vector128.EqualsAll(
                Vector128.Equals(current & continuationMask, continuation),
                Vector128.Equals(previous & leadMask, lead)))
            {
                return false;
            }

            if (i == last)
            {
                return true;
            }
        }
    }

    private static bool IsLead(byte b) => (b & 0xFE) == 0xD0;

    private static bool IsContinuation(byte b) => (b & 0xC0) == 0x80;

    /// <summary>The part of <see cref="IsClean"/> that a clean record leaves to each cell: no space at either edge.</summary>
    internal static bool EdgesClean(ReadOnlySpan<byte> cell) => cell.IsEmpty || (cell[0] != (byte)' ' && cell[^1] != (byte)' ');

    /// <summary>
    /// Text that <see cref="AttendanceRow.Clean"/> leaves as it is and that holds nothing garbled: printable ASCII and
    /// single inner spaces, Cyrillic letters, and any other well-formed character that Clean keeps.
    /// </summary>
    internal static bool IsClean(ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return true;
        }

        if (cell[0] == (byte)' ' || cell[^1] == (byte)' ')
        {
            return false;
        }

        var i = 0;
        while (i < cell.Length)
        {
            var b = cell[i];
            if (b is > 0x20 and < 0x7F)
            {
                i++;
            }
            else if (b == 0x20)
            {
                if (cell[i - 1] == (byte)' ')
                {
                    return false;
                }

                i++;
            }
            else if (b is 0xD0 or 0xD1 && i + 1 < cell.Length && cell[i + 1] is >= 0x80 and <= 0xBF)
            {
                // U+0400..U+047F: Cyrillic letters, none of them a space or invisible.
                i += 2;
            }
            else if (b >= 0x80 && Rune.DecodeFromUtf8(cell[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done && Visible(rune))
            {
                i += consumed;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] UncleanBytes(bool tabDelimited)
    {
        var bytes = new List<byte> { (byte)'"' };
        for (var b = 0; b < 0x100; b++)
        {
            var control = b < 0x20 && !(tabDelimited && b == '\t');
            if (control || b == 0x7F || b is >= 0xC0 and not (0xD0 or 0xD1))
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }

    // Beyond ASCII, what Clean changes is spaces (NBSP among them) and the two invisible marks it drops; U+FFFD is
    // garbled text. Other characters, C1 controls included, pass through Clean as they are.
    private static bool Visible(Rune rune) =>
        !Rune.IsWhiteSpace(rune) && rune.Value is not (0xFFFD or 0xFEFF or 0x200B or 0xA0);

    /// <summary>
    /// The e-mail key of an address cell that passes <see cref="EmailAddress.Check(ReadOnlySpan{char})"/> as it stands.
    /// A cell that <see cref="EmailCleanup"/> would take apart (a name in angle brackets, <c>mailto:</c>) never does:
    /// neither part of an address may hold a space, <c>&lt;</c>, <c>&gt;</c> or <c>:</c>, so those go the full way.
    /// </summary>
    private static bool TryKey(ReadOnlySpan<byte> email, Span<char> key, out int length)
    {
        length = 0;
        Span<char> chars = stackalloc char[AttendanceRow.MaxFieldLength];
        var n = Encoding.UTF8.GetChars(email, chars);
        if (EmailAddress.Check(chars[..n]) is not null)
        {
            return false;
        }

        // What Attendee.EmailKey is: the address (trimmed already) in lower case.
        length = chars[..n].ToLowerInvariant(key);
        return true;
    }

    /// <summary>The words of a full-name cell, as <see cref="AttendanceRow"/> splits it: at spaces and commas.</summary>
    private static int Words(ReadOnlySpan<byte> full)
    {
        var words = 0;
        var inWord = false;
        foreach (var b in full)
        {
            var separator = b is (byte)' ' or (byte)',';
            if (!separator && !inWord)
            {
                words++;
            }

            inWord = !separator;
        }

        return words;
    }
}
