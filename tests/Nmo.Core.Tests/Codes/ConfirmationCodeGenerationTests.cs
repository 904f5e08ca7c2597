using System.Text.RegularExpressions;
using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Codes;

public sealed class ConfirmationCodeGenerationTests
{
    private static readonly Regex Shape = new("^[0-9A-Z]{4}-[0-9A-Z]{8}$", RegexOptions.CultureInvariant);

    [Fact]
    public void Alphabet_is_31_distinct_digits_and_latin_capitals_without_confusable_letters()
    {
        var alphabet = ConfirmationCode.Alphabet;

        Assert.Equal(31, alphabet.Length);
        Assert.Equal(alphabet.Length, alphabet.Distinct().Count());
        Assert.All(alphabet, c => Assert.True(c is >= '0' and <= '9' or >= 'A' and <= 'Z', $"'{c}' is not a digit or a Latin capital"));
        Assert.All("0123456789", d => Assert.Contains(d, alphabet));
        foreach (var left in "OILUZ")
        {
            Assert.DoesNotContain(left, alphabet);
        }

        // The check symbol's guarantees need a prime modulus.
        Assert.True(Enumerable.Range(2, alphabet.Length - 3).All(d => alphabet.Length % d != 0));
    }

    [Fact]
    public void Every_generated_code_has_the_documented_shape_and_only_alphabet_symbols()
    {
        Assert.All(SampleCodes.All, code =>
        {
            Assert.Matches(Shape, code);
            Assert.Equal(ConfirmationCode.CanonicalLength, code.Length);
            Assert.DoesNotContain('O', code);
            Assert.All(SampleCodes.Symbols(code), c => Assert.Contains(c, ConfirmationCode.Alphabet));
        });
    }

    [Fact]
    public void Every_generated_code_parses_as_valid_and_unchanged()
    {
        Assert.All(SampleCodes.All, code =>
        {
            var result = ConfirmationCode.Parse(code);
            Assert.True(result.IsValid, $"{code}: {result.Problem}");
            Assert.Equal(code, result.Code);
        });
    }

    [Fact]
    public void Generator_uses_every_alphabet_symbol_in_every_position()
    {
        var codes = SampleCodes.All.Select(SampleCodes.Symbols).ToArray();

        for (var position = 0; position < ConfirmationCode.SymbolCount; position++)
        {
            var seen = codes.Select(symbols => symbols[position]).ToHashSet();
            var missing = ConfirmationCode.Alphabet.Where(c => !seen.Contains(c)).ToArray();
            Assert.True(missing.Length == 0, $"position {position + 1} never got: {new string(missing)}");
        }
    }

    [Fact]
    public void Generated_codes_do_not_repeat()
    {
        Assert.Equal(SampleCodes.Count, SampleCodes.All.Distinct(StringComparer.Ordinal).Count());
    }
}
