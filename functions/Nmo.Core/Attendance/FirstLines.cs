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

    // The slots in use, a power of two: the pool may hand out longer arrays than asked for.
    private int size;
    private int count;

    public FirstLines(int expected)
    {
        size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expected * 2, 16, 1 << 24));
        (keys, lines) = Rent(size);
    }

    public int Count => count;

    /// <summary>Adds <paramref name="key"/> seen at <paramref name="line"/>; false, with the line it was first seen at, when it is there already.</summary>
    public bool TryAdd(UInt128 key, int line, out int firstLine)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(line);
        var slot = Find(keys, lines, size, key);
        if (lines[slot] != 0)
        {
            firstLine = lines[slot];
            return false;
        }

        keys[slot] = key;
        lines[slot] = line;
        firstLine = 0;

        // At most half full, so a search ends after a few slots.
        if (++count * 2 > size)
        {
            Grow();
        }

        return true;
    }

    public void Dispose()
    {
        if (size > 0)
        {
            Return(keys, lines);
            (keys, lines, size) = ([], [], 0);
        }
    }

    private static int Find(UInt128[] keys, int[] lines, int size, UInt128 key)
    {
        // The keys are hashes already, so their low bits spread over the slots as they are.
        var mask = size - 1;
        var slot = (int)((ulong)key & (ulong)mask);
        while (lines[slot] != 0 && keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private static (UInt128[] Keys, int[] Lines) Rent(int size)
    {
        var lines = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(lines, 0, size);
        return (ArrayPool<UInt128>.Shared.Rent(size), lines);
    }

    private static void Return(UInt128[] keys, int[] lines)
    {
        ArrayPool<UInt128>.Shared.Return(keys);
        ArrayPool<int>.Shared.Return(lines);
    }

    private void Grow()
    {
        var newSize = size * 2;
        var (newKeys, newLines) = Rent(newSize);
        for (var i = 0; i < size; i++)
        {
            if (lines[i] != 0)
            {
                var slot = Find(newKeys, newLines, newSize, keys[i]);
                newKeys[slot] = keys[i];
                newLines[slot] = lines[i];
            }
        }

        Return(keys, lines);
        (keys, lines, size) = (newKeys, newLines, newSize);
    }
}
