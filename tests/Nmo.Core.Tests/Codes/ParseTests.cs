using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Codes;

public sealed class ParseTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" - – — ")]
    [InlineData("\u00A0\u200B.")]
    public void Input_without_symbols_is_empty(string? input)
    {
        var result = ConfirmationCode.Parse(input);
        Assert.Equal(CodeProblem.Empty, result.Problem);
        Assert.False(result.IsValid);
        Assert.Null(result.Code);
    }

    [Fact]
    public void A_missing_or_extra_symbol_is_wrong_length()
    {
        foreach (var code in SampleCodes.Take(2_000))
        {
            var symbols = new string(SampleCodes.Symbols(code));
            for (var position = 0; position < symbols.Length; position++)
            {
                Assert.Equal(CodeProblem.WrongLength, ConfirmationCode.Parse(symbols.Remove(position, 1)).Problem);
                Assert.Equal(CodeProblem.WrongLength, ConfirmationCode.Parse(symbols.Insert(position, symbols[position].ToString())).Problem);
            }
        }
    }

    [Fact]
    public void Much_too_long_input_is_wrong_length()
    {
        Assert.Equal(CodeProblem.WrongLength, ConfirmationCode.Parse(string.Concat(Enumerable.Repeat(SampleCodes.All[0], 2))).Problem);
        Assert.Equal(CodeProblem.WrongLength, ConfirmationCode.Parse(new string('A', 100_000)).Problem);
        Assert.Equal(CodeProblem.WrongLength, ConfirmationCode.Parse(SampleCodes.All[0] + new string(' ', 100_000)).Problem);
    }

    [Fact]
    public void A_code_padded_up_to_the_input_limit_still_parses_and_one_character_more_does_not()
    {
        var code = SampleCodes.All[0];

        Assert.Equal(code, ConfirmationCode.Parse(code + new string(' ', 1024 - code.Length)).Code);
        Assert.Equal(CodeProblem.WrongLength, ConfirmationCode.Parse(code + new string(' ', 1025 - code.Length)).Problem);
    }

    [Fact]
    public void A_parsed_code_is_in_canonical_form_with_its_hyphen()
    {
        var code = SampleCodes.All[0];
        var typed = new string(SampleCodes.Symbols(code)).ToLowerInvariant();

        var parsed = ConfirmationCode.Parse(typed).Code!;

        Assert.Equal(code, parsed);
        Assert.Matches("^[0-9A-Y]{4}-[0-9A-Y]{8}$", parsed);
        Assert.All(SampleCodes.Take(100), c => Assert.Matches("^[0-9A-Y]{4}-[0-9A-Y]{8}$", c));
    }

    [Fact]
    public void A_letter_outside_the_basic_plane_inside_a_code_is_not_dropped()
    {
        // Deseret capital long I (U+10400): a letter NFKC keeps and the alphabet does not have.
        var code = SampleCodes.All[0];

        var result = ConfirmationCode.Parse(code.Insert(5, "𐐀"));

        Assert.False(result.IsValid);
        Assert.Null(result.Code);
    }

    [Theory]
    [InlineData('Ж')] // Cyrillic without a Latin twin
    [InlineData('Д')]
    [InlineData('я')]
    [InlineData('Ω')] // Greek
    [InlineData('Ä')]
    [InlineData('ß')]
    [InlineData('中')]
    public void A_letter_no_code_contains_is_an_invalid_character(char letter)
    {
        foreach (var code in SampleCodes.Take(200))
        {
            for (var position = 0; position < code.Length; position++)
            {
                if (code[position] == '-')
                {
                    continue;
                }

                var typed = code[..position] + letter + code[(position + 1)..];
                var result = ConfirmationCode.Parse(typed);
                Assert.Equal(CodeProblem.InvalidCharacter, result.Problem);
                Assert.Null(result.Code);
            }
        }
    }

    [Fact]
    public void A_mistyped_code_is_reported_as_mismatch_without_a_code()
    {
        var code = SampleCodes.All[0];
        var last = code[^1];
        var other = ConfirmationCode.Alphabet[(ConfirmationCode.Alphabet.IndexOf(last) + 1) % ConfirmationCode.Alphabet.Length];
        var result = ConfirmationCode.Parse(code[..^1] + other);
        Assert.Equal(CodeProblem.CheckSymbolMismatch, result.Problem);
        Assert.False(result.IsValid);
        Assert.Null(result.Code);
    }

    [Fact]
    public void A_valid_code_without_a_hyphen_comes_back_in_canonical_form()
    {
        foreach (var code in SampleCodes.Take(1_000))
        {
            var result = ConfirmationCode.Parse(code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
            Assert.Equal(CodeProblem.None, result.Problem);
            Assert.True(result.IsValid);
            Assert.Equal(code, result.Code);
        }
    }
}
