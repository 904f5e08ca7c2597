using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Codes;

public sealed class MaskTests
{
    [Fact]
    public void Keeps_only_the_last_four_symbols()
    {
        Assert.Equal("****-****2345", ConfirmationCode.Mask("ABCD-EFGH2345"));
    }

    [Fact]
    public void Hides_the_first_eight_symbols_of_every_code()
    {
        foreach (var code in SampleCodes.Take(1_000))
        {
            var masked = ConfirmationCode.Mask(code);
            Assert.Equal(code.Length, masked.Length);
            Assert.StartsWith("****-****", masked, StringComparison.Ordinal);
            Assert.EndsWith(code[^4..], masked, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_code_typed_with_noise_masks_like_its_canonical_form()
    {
        foreach (var code in SampleCodes.Take(1_000))
        {
            Assert.Equal(ConfirmationCode.Mask(code), ConfirmationCode.Mask(" " + code.ToLowerInvariant().Replace("-", " – ", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Nothing_masks_to_nothing(string? input)
    {
        Assert.Equal(string.Empty, ConfirmationCode.Mask(input));
    }

    [Theory]
    [InlineData("ABCD-EFGH", "****")]
    [InlineData("ABCD-EFGH2", "****FGH2")]
    public void Input_of_eight_symbols_reveals_none_and_of_nine_its_last_four(string input, string expected)
    {
        Assert.Equal(expected, ConfirmationCode.Mask(input));
    }

    [Theory]
    [InlineData("A7")]
    [InlineData("ABC-1234")]
    [InlineData("ABCD-EFGH2")]
    [InlineData("ABCD-EFGH2345-6789")]
    public void Input_that_is_not_a_code_reveals_at_most_four_symbols(string input)
    {
        var masked = ConfirmationCode.Mask(input);
        var revealed = masked.Count(char.IsLetterOrDigit);
        Assert.True(revealed <= 4, masked);
        Assert.True(revealed <= ConfirmationCode.Normalize(input).Length / 2, masked);
        Assert.Contains('*', masked);
    }
}
