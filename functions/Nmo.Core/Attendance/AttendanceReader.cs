using System.Globalization;
using System.Text;
using CsvHelper;

namespace Nmo.Core.Attendance;

/// <summary>
/// Opens an attendance CSV: detects the encoding and the delimiter, reads and recognises the header. The upload
/// pipeline and <c>nmo validate</c> both go through here, so they cannot disagree about a file.
/// </summary>
public static class AttendanceReader
{
    /// <summary>A record longer than this is a broken file (an unclosed quote swallowing the rest), not an attendee.</summary>
    private const int MaxRecordBytes = 1024 * 1024;

    /// <summary>
    /// Reads the start of <paramref name="stream"/> (the caller keeps ownership of it). Never throws for bad
    /// content: whatever is wrong ends up in <see cref="AttendanceFile.Problems"/>.
    /// </summary>
    public static AttendanceFile Open(Stream stream, AttendanceRules rules)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(rules);
        var problems = new List<FileIssue>();
        var warnings = new List<FileIssue>();

        var knownLength = stream.CanSeek ? stream.Length - stream.Position : -1;
        if (knownLength > rules.MaxBytes)
        {
            problems.Add(TooLarge(rules));
            return new AttendanceFile("unknown", ";", null, null, rules, problems, warnings);
        }

        var limited = new LimitedStream(stream, rules.MaxBytes);
        var sample = new byte[TextSniffer.SampleSize];
        int length;
        try
        {
            length = ReadFully(limited, sample);
        }
        catch (SizeLimitExceededException)
        {
            problems.Add(TooLarge(rules));
            return new AttendanceFile("unknown", ";", null, null, rules, problems, warnings);
        }

        var wholeFile = length < sample.Length;
        var sniff = TextSniffer.Sniff(sample.AsSpan(0, length), wholeFile);
        switch (sniff.Kind)
        {
            case SniffedKind.Empty:
                problems.Add(new FileIssue(IssueCodes.FileEmpty, []));
                return new AttendanceFile(sniff.EncodingName, sniff.Delimiter, null, null, rules, problems, warnings);
            case SniffedKind.Binary:
                problems.Add(new FileIssue(IssueCodes.FileBinary, []));
                return new AttendanceFile(sniff.EncodingName, sniff.Delimiter, null, null, rules, problems, warnings);
            case SniffedKind.Spreadsheet:
                // Detected by content (zip or OLE signature), whatever the name or Content-Type said.
                return WorkbookReader.Open(sample, length, limited, rules, problems, warnings);
        }

        var match = HeaderSearch.InText(sniff.Text, wholeFile, sniff.SeparatorHint, sniff.Delimiter);
        if (match is null)
        {
            // A quote opened near the top and never closed swallows the header: that is the reason to give.
            problems.Add(wholeFile && HeaderSearch.UnclosedQuoteLine(sniff.Text) is { } quoteLine
                ? new FileIssue(IssueCodes.FileUnterminatedQuote, [quoteLine.ToString(CultureInfo.InvariantCulture)])
                : NoHeader(HeaderSearch.FirstLines(sniff.Text, wholeFile)));
            return new AttendanceFile(sniff.EncodingName, sniff.Delimiter, null, null, rules, problems, warnings);
        }

        // Stray quotes are recovered as text; only a quote that never closes breaks the file.
        var unterminated = new List<int>();
        var options = new CsvReaderOptions
        {
            Separator = sniff.SeparatorHint ? null : match.Delimiter[0],
            DetectSeparatorHint = sniff.SeparatorHint,
            HasHeader = false,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            AllowLineBreaksInQuotes = true,
            Encoding = sniff.Encoding is UTF8Encoding ? null : sniff.Encoding,
            MaxRecordSize = MaxRecordBytes,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = record =>
            {
                if (record.Reason == CsvMalformedReason.UnterminatedQuote)
                {
                    unterminated.Add((int)record.LineNumber);
                }
            },
        };

        var source = new PrefixedStream(sample, sniff.BomLength, length, limited);
        var csv = CsvReader.Create(source, options, leaveOpen: true);
        var headers = new List<string>();
        try
        {
            // The lines above the header (a title, a date, merged cells exported as ";;;;") are read and dropped,
            // so every later line number stays the file's own.
            var found = false;
            while (csv.Read())
            {
                if (csv.LineNumber >= match.Line)
                {
                    found = csv.LineNumber == match.Line;
                    break;
                }
            }

            if (found)
            {
                for (var i = 0; i < csv.FieldCount; i++)
                {
                    headers.Add(csv.GetString(i));
                }
            }
        }
        catch (Exception) when (limited.Exceeded)
        {
            csv.Dispose();
            problems.Add(TooLarge(rules));
            return new AttendanceFile(sniff.EncodingName, match.Delimiter, null, null, rules, problems, warnings);
        }
        catch (CsvFormatException)
        {
            csv.Dispose();
            problems.Add(new FileIssue(IssueCodes.FileRecordTooLarge, [match.Line.ToString(CultureInfo.InvariantCulture)]));
            return new AttendanceFile(sniff.EncodingName, match.Delimiter, null, null, rules, problems, warnings);
        }

        if (unterminated.Count > 0)
        {
            // The header (or a line above it) opens a quote that never closes: there is no header to speak of.
            csv.Dispose();
            problems.Add(new FileIssue(IssueCodes.FileUnterminatedQuote, [unterminated[0].ToString(CultureInfo.InvariantCulture)]));
            return new AttendanceFile(sniff.EncodingName, match.Delimiter, null, null, rules, problems, warnings);
        }

        if (headers.Count == 0)
        {
            // The parser split the start of the file differently from the search (it should not happen).
            csv.Dispose();
            problems.Add(NoHeader(HeaderSearch.FirstLines(sniff.Text, wholeFile)));
            return new AttendanceFile(sniff.EncodingName, match.Delimiter, null, null, rules, problems, warnings);
        }

        if (match.SkippedContent)
        {
            warnings.Add(HeaderFoundAt(match.Line));
        }

        var layout = Recognize(headers, rules, problems, warnings);
        return new AttendanceFile(sniff.EncodingName, match.Delimiter, new CsvRowSource(csv, limited, rules, (byte)match.Delimiter[0]), layout, rules, problems, warnings, unterminated, ExpectedRows(knownLength, sample.AsSpan(0, length), wholeFile));
    }

    internal static FileIssue NoHeader(IReadOnlyList<string> firstLines) =>
        new(IssueCodes.HeaderNotFound, [HeaderSearch.MaxLines.ToString(CultureInfo.InvariantCulture), string.Join(" | ", firstLines.Select(l => $"«{l}»"))]);

    internal static FileIssue HeaderFoundAt(int line) =>
        new(IssueCodes.HeaderSkippedLines, [line.ToString(CultureInfo.InvariantCulture), (line - 1).ToString(CultureInfo.InvariantCulture)]);

    internal static FileIssue TooLarge(AttendanceRules rules) =>
        new(IssueCodes.FileTooLarge, [(rules.MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture), rules.MaxBytes.ToString(CultureInfo.InvariantCulture)]);

    internal static ColumnLayout Recognize(IReadOnlyList<string> headers, AttendanceRules rules, List<FileIssue> problems, List<FileIssue> warnings)
    {
        var layout = new ColumnLayout { HeaderCount = headers.Count };
        var unknown = new List<string>();
        var ambiguous = new List<string>();
        var recognized = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = AttendanceRow.Clean(headers[i]).Trim('"');
            if (header.Length == 0)
            {
                continue;
            }

            var column = AttendanceColumns.Recognize(header);
            if (column is null && AttendanceColumns.IsRowNumber(header))
            {
                continue;
            }

            if (column is null)
            {
                (AttendanceColumns.IsAmbiguousName(header) ? ambiguous : unknown).Add(header);
                continue;
            }

            recognized++;
            var c = (int)column.Value;
            if (layout.Index[c] >= 0)
            {
                warnings.Add(new FileIssue(IssueCodes.HeaderDuplicate, [header, layout.Header[c]]));
                continue;
            }

            layout.Index[c] = i;
            layout.Header[c] = header;
        }

        if (recognized == 0)
        {
            problems.Add(new FileIssue(IssueCodes.HeaderUnrecognized, []));
        }

        if (!layout.HasSplitName && !layout.Has(AttendanceColumn.FullName))
        {
            var missing = layout.Has(AttendanceColumn.LastName) ? "first_name" : layout.Has(AttendanceColumn.FirstName) ? "last_name" : "name";
            problems.Add(new FileIssue(IssueCodes.ColumnMissing, [missing]));
            foreach (var header in ambiguous)
            {
                problems.Add(new FileIssue(IssueCodes.HeaderAmbiguous, [header]));
            }
        }
        else
        {
            unknown.AddRange(ambiguous);
        }

        if (!layout.Has(AttendanceColumn.Email))
        {
            problems.Add(new FileIssue(IssueCodes.ColumnMissing, ["email"]));
        }

        // A threshold cannot be checked without the column it is about; issuing codes unchecked is not an option.
        var needMinutes = rules.MinAttendanceMinutes is not null;
        var needShare = rules.MinPresenceShare is not null;
        var hasMinutes = layout.Has(AttendanceColumn.Minutes);
        var hasShare = layout.Has(AttendanceColumn.Presence);
        if (needMinutes && needShare)
        {
            if (!hasMinutes && !hasShare)
            {
                problems.Add(new FileIssue(IssueCodes.ColumnMissing, ["attendance"]));
            }
        }
        else if (needMinutes && !hasMinutes)
        {
            problems.Add(new FileIssue(IssueCodes.ColumnMissing, ["minutes"]));
        }
        else if (needShare && !hasShare)
        {
            problems.Add(new FileIssue(IssueCodes.ColumnMissing, ["presence"]));
        }

        if (unknown.Count > 0)
        {
            warnings.Add(new FileIssue(IssueCodes.HeaderUnknown, unknown));
        }

        return layout;
    }

    /// <summary>
    /// About how many lines the file has, from the lines of the sample and the stream's length where it is known: the
    /// duplicate check's table is sized once instead of growing through every power of two.
    /// </summary>
    private static int ExpectedRows(long knownLength, ReadOnlySpan<byte> sample, bool wholeFile)
    {
        var lines = sample.Count((byte)'\n') + 1;
        if (wholeFile)
        {
            return lines;
        }

        return knownLength <= 0 || sample.IsEmpty ? 0 : (int)Math.Min(1_000_000, knownLength * lines / sample.Length);
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
