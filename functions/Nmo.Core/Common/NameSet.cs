namespace Nmo.Core.Common;

/// <summary>
/// A handful of names, compared ordinally ignoring case, that answers "not one of them" without hashing for almost
/// every name asked about: a case-insensitive hash was the dearest step of checking an address (about 25 of its 40 ns
/// on a list's row). A name of a length none of them has, or starting with an ASCII letter none of them starts with,
/// cannot be equal to one of them ignoring case; anything else is looked up.
/// </summary>
internal sealed class NameSet
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    // Bit n: a name of n characters (the last bit stands for every length from 63 on).
    private readonly ulong lengths;

    // Bit c: a name starting with ASCII character c in either case. All bits when a name starts beyond ASCII,
    // whose case mapping this does not follow.
    private readonly UInt128 firsts;

    public NameSet(params string[] names)
    {
        var set = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        lookup = set.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var name in set)
        {
            lengths |= LengthBit(name.Length);
            firsts |= name.Length == 0 ? UInt128.Zero
                : char.IsAscii(name[0]) ? (UInt128.One << char.ToLowerInvariant(name[0])) | (UInt128.One << char.ToUpperInvariant(name[0]))
                : UInt128.MaxValue;
        }
    }

    public bool Contains(ReadOnlySpan<char> name) =>
        (lengths & LengthBit(name.Length)) != 0
        && (name.IsEmpty || !char.IsAscii(name[0]) || (firsts & (UInt128.One << name[0])) != UInt128.Zero)
        && lookup.Contains(name);

    private static ulong LengthBit(int length) => 1UL << Math.Min(length, 63);
}
