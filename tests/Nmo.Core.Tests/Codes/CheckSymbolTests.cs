using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Codes;

/// <summary>The check symbol turns the two commonest typing slips into "probably mistyped", never into another code.</summary>
public sealed class CheckSymbolTests
{
    [Fact]
    public void Every_single_symbol_substitution_is_detected()
    {
        var undetected = new List<string>();
        foreach (var code in SampleCodes.All)
        {
            var symbols = SampleCodes.Symbols(code);
            for (var position = 0; position < symbols.Length; position++)
            {
                var original = symbols[position];
                foreach (var replacement in ConfirmationCode.Alphabet)
                {
                    if (replacement == original)
                    {
                        continue;
                    }

                    symbols[position] = replacement;
                    var typed = new string(symbols);
                    if (ConfirmationCode.Parse(typed).Problem != CodeProblem.CheckSymbolMismatch)
                    {
                        undetected.Add($"{code} -> {typed}");
                    }
                }

                symbols[position] = original;
            }
        }

        Assert.Empty(undetected);
    }

    [Fact]
    public void Every_adjacent_transposition_of_distinct_symbols_is_detected_including_across_the_hyphen()
    {
        var undetected = new List<string>();
        var tried = 0;
        foreach (var code in SampleCodes.All)
        {
            var symbols = SampleCodes.Symbols(code);
            for (var position = 0; position + 1 < symbols.Length; position++)
            {
                if (symbols[position] == symbols[position + 1])
                {
                    continue;
                }

                (symbols[position], symbols[position + 1]) = (symbols[position + 1], symbols[position]);
                var typed = new string(symbols, 0, 4) + "-" + new string(symbols, 4, 8);
                tried++;
                if (ConfirmationCode.Parse(typed).Problem != CodeProblem.CheckSymbolMismatch)
                {
                    undetected.Add($"{code} -> {typed}");
                }

                (symbols[position], symbols[position + 1]) = (symbols[position + 1], symbols[position]);
            }
        }

        Assert.Empty(undetected);
        Assert.True(tried > SampleCodes.Count * 10, "the sample should exercise transpositions at every position");
    }

    [Fact]
    public void Exactly_one_last_symbol_completes_any_eleven_symbols()
    {
        foreach (var code in SampleCodes.Take(1_000))
        {
            var prefix = code[..^1];
            var completing = ConfirmationCode.Alphabet.Where(last => ConfirmationCode.Parse(prefix + last).IsValid).ToArray();
            Assert.Equal([code[^1]], completing);
        }
    }
}
