using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Codes;

/// <summary>One fixed-size batch of generated codes shared by the property tests.</summary>
internal static class SampleCodes
{
    public const int Count = 10_000;

    private static readonly Lazy<string[]> Codes =
        new(() => Enumerable.Range(0, Count).Select(_ => ConfirmationCode.Generate()).ToArray());

    public static IReadOnlyList<string> All => Codes.Value;

    public static IEnumerable<string> Take(int count) => Codes.Value.Take(count);

    /// <summary>The 12 symbols of a canonical code, without the hyphen.</summary>
    public static char[] Symbols(string canonical) => canonical.Replace("-", "", StringComparison.Ordinal).ToCharArray();
}
