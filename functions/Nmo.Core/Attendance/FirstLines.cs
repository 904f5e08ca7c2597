using System.Buffers;
using System.Numerics;

namespace Nmo.Core.Attendance;

/// <summary>
/// The line where each e-mail key of one file was first accepted, by the key's 128-bit hash: open addressing over
/// arrays rented from the shared pool. A dictionary of a 10,000-row file is a large-object allocation on every
/// validation, and those set off full collections (and with them the trimming of every pool) several times a second
/// on a busy host.
/// </summary>
internal sealed class FirstLines : IDisposable
{
    private UInt128[] keys;

    // 0 marks a free slot: lines are 1-based.
    private int[] lines;
    private int count;

    public FirstLines(int expected)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expected * 2, 16, 1 << 24));
        (keys, lines) = Rent(size);
    }

    public int Count => count;

    /// <summary>Adds <paramref name="key"/> seen at <paramref name="line"/>; false, with the line it was first seen at, when it is there already.</summary>
    public bool TryAdd(UInt128 key, int line, out int firstLine)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(line);
        var slot = Find(keys, lines, key);
        if (lines[slot] != 0)
        {
            firstLine = lines[slot];
            return false;
        }

        keys[slot] = key;
        lines[slot] = line;
        firstLine = 0;
        if (++count * 2 > lines.Length)
        {
            Grow();
        }

        return true;
    }

    public void Dispose()
    {
        if (lines.Length > 0)
        {
            ArrayPool<UInt128>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(lines);
            keys = [];
            lines = [];
        }
    }

    private static int Find(UInt128[] keys, int[] lines, UInt128 key)
    {
        // The keys are hashes already, so their low bits spread over the slots as they are.
        var mask = lines.Length - 1;
        var slot = (int)((ulong)key & (ulong)mask);
        while (lines[slot] != 0 && keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private static (UInt128[] Keys, int[] Lines) Rent(int size)
    {
        var keys = ArrayPool<UInt128>.Shared.Rent(size);
        var lines = ArrayPool<int>.Shared.Rent(size);

        // The pool may hand out larger arrays than asked; the table uses a power of two of them, and clears that.
        var usable = (int)BitOperations.RoundUpToPowerOf2((uint)size);
        if (lines.Length != usable || keys.Length != usable)
        {
            ArrayPool<UInt128>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(lines);
            keys = new UInt128[usable];
            lines = new int[usable];
        }
        else
        {
            Array.Clear(lines);
        }

        return (keys, lines);
    }

    private void Grow()
    {
        var (newKeys, newLines) = Rent(lines.Length * 2);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] != 0)
            {
                var slot = Find(newKeys, newLines, keys[i]);
                newKeys[slot] = keys[i];
                newLines[slot] = lines[i];
            }
        }

        Dispose();
        (keys, lines) = (newKeys, newLines);
    }
}
