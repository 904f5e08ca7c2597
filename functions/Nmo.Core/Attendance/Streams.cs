namespace Nmo.Core.Attendance;

/// <summary>Thrown by <see cref="LimitedStream"/> so that reading stops at once, wherever the CSV parser is.</summary>
internal sealed class SizeLimitExceededException() : IOException("The file is larger than the size limit.");

/// <summary>
/// Counts the bytes read and refuses to go past the limit: the source may be a network stream of unknown length,
/// so the limit cannot be checked up front.
/// </summary>
internal sealed class LimitedStream(Stream inner, long maxBytes) : Stream
{
    public long BytesRead { get; private set; }

    public bool Exceeded { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Exceeded)
        {
            throw new SizeLimitExceededException();
        }

        var n = inner.Read(buffer);
        BytesRead += n;
        if (BytesRead > maxBytes)
        {
            Exceeded = true;
            throw new SizeLimitExceededException();
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>Replays the sniffed prefix, then continues with the rest of the source: the source is read only once.</summary>
internal sealed class PrefixedStream(byte[] prefix, int start, int end, Stream rest) : Stream
{
    private int position = start;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position < end)
        {
            var n = Math.Min(buffer.Length, end - position);
            prefix.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        return rest.Read(buffer);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
