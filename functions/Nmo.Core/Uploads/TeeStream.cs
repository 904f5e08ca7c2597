using System.IO.Pipelines;

namespace Nmo.Core.Uploads;

/// <summary>
/// Reads through to <paramref name="source"/> and writes every byte read into <paramref name="copy"/>, so that a
/// second reader sees the same bytes in the same pass. The copy waits when its reader lags (the pipe's limit), and
/// stops once its reader has finished: what it needed was read.
/// </summary>
internal sealed class TeeStream(Stream source, PipeWriter copy) : Stream
{
    private bool copying = true;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        if (copying && read > 0)
        {
            var flushed = await copy.WriteAsync(buffer[..read], cancellationToken);
            copying = !flushed.IsCompleted;
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
