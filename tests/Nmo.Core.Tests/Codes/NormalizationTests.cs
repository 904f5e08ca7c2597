using System.Text;
using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Codes;

/// <summary>However a doctor types or pastes a code, the same code comes out.</summary>
public sealed class NormalizationTests
{
    private const int Sample = 2_000;

    public static TheoryData<string, string> Separators => new()
    {
        { "hyphen-minus", "-" },
        { "hyphen U+2010", "\u2010" },
        { "non-breaking hyphen U+2011", "\u2011" },
        { "figure dash U+2012", "\u2012" },
        { "en dash U+2013", "\u2013" },
        { "em dash U+2014", "\u2014" },
        { "horizontal bar U+2015", "\u2015" },
        { "minus sign U+2212", "\u2212" },
        { "soft hyphen U+00AD", "\u00AD" },
        { "small hyphen-minus U+FE63", "\uFE63" },
        { "small em dash U+FE58", "\uFE58" },
        { "fullwidth hyphen-minus U+FF0D", "\uFF0D" },
        { "two-em dash U+2E3A", "\u2E3A" },
        { "armenian hyphen U+058A", "\u058A" },
        { "space", " " },
        { "two spaces", "  " },
        { "tab", "\t" },
        { "line break", "\r\n" },
        { "no-break space U+00A0", "\u00A0" },
        { "narrow no-break space U+202F", "\u202F" },
        { "thin space U+2009", "\u2009" },
        { "ideographic space U+3000", "\u3000" },
        { "zero-width space U+200B", "\u200B" },
        { "zero-width joiner U+200D", "\u200D" },
        { "word joiner U+2060", "\u2060" },
        { "byte order mark U+FEFF", "\uFEFF" },
        { "dot", "." },
        { "underscore", "_" },
        { "slash", "/" },
        { "comma and space", ", " },
    };

    [Theory]
    [MemberData(nameof(Separators))]
    public void Any_separator_anywhere_is_ignored(string name, string separator)
    {
        foreach (var code in SampleCodes.Take(Sample))
        {
            var symbols = SampleCodes.Symbols(code);
            AssertReadsAs(code, symbols[..4].AsSpan().ToString() + separator + new string(symbols[4..]), name);
            AssertReadsAs(code, string.Join(separator, symbols), name);
        }
    }

    [Fact]
    public void Lower_case_is_read_as_upper_case()
    {
        foreach (var code in SampleCodes.Take(Sample))
        {
            AssertReadsAs(code, code.ToLowerInvariant(), "lower case");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cyrillic_look_alikes_are_read_as_the_latin_letters(bool lowerCase)
    {
        var twins = new Dictionary<char, char>
        {
            ['A'] = 'А', ['B'] = 'В', ['E'] = 'Е', ['K'] = 'К', ['M'] = 'М', ['H'] = 'Н',
            ['P'] = 'Р', ['C'] = 'С', ['T'] = 'Т', ['Y'] = 'У', ['X'] = 'Х',
        };
        var replaced = 0;
        foreach (var code in SampleCodes.Take(Sample))
        {
            var typed = new string(code.Select(c => twins.TryGetValue(c, out var cyrillic) ? cyrillic : c).ToArray());
            if (lowerCase)
            {
                typed = typed.ToLowerInvariant();
            }

            replaced += typed.Count(c => c is >= 'А' and <= 'я');
            AssertReadsAs(code, typed, "Cyrillic look-alikes");
        }

        Assert.True(replaced > Sample, "the sample should contain letters with Cyrillic twins");
    }

    [Theory]
    [InlineData('O')]
    [InlineData('o')]
    [InlineData('О')] // Cyrillic
    [InlineData('о')] // Cyrillic
    public void Letter_o_is_read_as_zero(char letter)
    {
        var withZero = SampleCodes.Take(Sample).Where(c => c.Contains('0')).ToArray();
        Assert.NotEmpty(withZero);
        foreach (var code in withZero)
        {
            AssertReadsAs(code, code.Replace('0', letter), $"'{letter}' for zero");
        }
    }

    [Theory]
    [InlineData('1', 'I')]
    [InlineData('1', 'i')]
    [InlineData('1', 'L')]
    [InlineData('1', 'l')]
    [InlineData('1', 'І')] // Cyrillic (Ukrainian) I
    [InlineData('V', 'U')]
    [InlineData('V', 'u')]
    [InlineData('2', 'Z')]
    [InlineData('2', 'z')]
    [InlineData('3', 'З')] // Cyrillic Ze
    public void Letters_left_out_of_the_alphabet_are_read_as_what_they_resemble(char symbol, char typedInstead)
    {
        var containing = SampleCodes.Take(Sample).Where(c => c.Contains(symbol)).ToArray();
        Assert.NotEmpty(containing);
        foreach (var code in containing)
        {
            AssertReadsAs(code, code.Replace(symbol, typedInstead), $"'{typedInstead}' for '{symbol}'");
        }
    }

    [Fact]
    public void Fullwidth_forms_are_read_as_ascii()
    {
        foreach (var code in SampleCodes.Take(Sample))
        {
            var fullwidth = new string(code.Select(c => (char)(c + 0xFEE0)).ToArray());
            AssertReadsAs(code, fullwidth, "fullwidth");
            AssertReadsAs(code, fullwidth.ToLowerInvariant(), "fullwidth lower case");
        }
    }

    [Fact]
    public void Digits_of_other_scripts_and_compatibility_forms_are_read_as_ascii_digits()
    {
        foreach (var code in SampleCodes.Take(Sample))
        {
            // Mathematical bold digits (NFKC) and Arabic-Indic digits (same decimal value).
            var bold = string.Concat(code.Select(c => char.IsAsciiDigit(c) ? char.ConvertFromUtf32(0x1D7CE + (c - '0')) : c.ToString()));
            var arabicIndic = new string(code.Select(c => char.IsAsciiDigit(c) ? (char)('\u0660' + (c - '0')) : c).ToArray());
            AssertReadsAs(code, bold, "mathematical bold digits");
            AssertReadsAs(code, arabicIndic, "Arabic-Indic digits");
        }
    }

    [Theory]
    [InlineData("«", "»")]
    [InlineData("\"", "\"")]
    [InlineData("(", ").")]
    [InlineData("[", "]")]
    [InlineData("  ", "\n")]
    [InlineData("\u00A0", ";")]
    [InlineData("\u200B", "\u200B")]
    [InlineData("#", "!")]
    [InlineData("<", ">")]
    public void Punctuation_around_a_pasted_code_is_ignored(string before, string after)
    {
        foreach (var code in SampleCodes.Take(Sample))
        {
            AssertReadsAs(code, before + code + after, $"{before}…{after}");
        }
    }

    [Fact]
    public void Everything_at_once()
    {
        var index = 0;
        foreach (var code in SampleCodes.Take(Sample))
        {
            var noisy = new StringBuilder(" «");
            foreach (var c in code)
            {
                var typed = (index++ % 4) switch
                {
                    0 => char.ToLowerInvariant(c),
                    1 => (char)(c + 0xFEE0),
                    2 => c == '0' ? 'о' : c == '1' ? 'l' : c == 'C' ? 'с' : c,
                    _ => c == '-' ? '\u2013' : c,
                };
                noisy.Append(typed).Append(index % 3 == 0 ? "\u00A0" : "");
            }

            AssertReadsAs(code, noisy.Append("».").ToString(), "mixed noise");
        }
    }

    [Fact]
    public void Normalize_returns_the_symbols_without_separators_and_is_idempotent()
    {
        foreach (var code in SampleCodes.Take(Sample))
        {
            var normalized = ConfirmationCode.Normalize(code);
            Assert.Equal(code.Replace("-", "", StringComparison.Ordinal), normalized);
            Assert.Equal(normalized, ConfirmationCode.Normalize(normalized));
        }
    }

    [Theory]
    [InlineData("abc-de", "ABCDE")]
    [InlineData("a b c d e f g h i j k l m n o p", "ABCDEFGH1JK1MN0P")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData(" \u2014 ", "")]
    public void Normalize_keeps_inputs_of_any_length(string? input, string expected)
    {
        Assert.Equal(expected, ConfirmationCode.Normalize(input));
    }

    [Fact]
    public void A_lone_surrogate_does_not_break_normalisation()
    {
        var code = SampleCodes.All[0];
        AssertReadsAs(code, code + "\uD800", "lone surrogate");
    }

    private static void AssertReadsAs(string expected, string typed, string variant)
    {
        var result = ConfirmationCode.Parse(typed);
        Assert.True(result.IsValid, $"{variant}: '{typed}' for {expected} gave {result.Problem}");
        Assert.Equal(expected, result.Code);
    }
}
