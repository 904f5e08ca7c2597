using Nmo.Core.Email;

namespace Nmo.Core.Tests.Email;

public sealed class LogMaskTests
{
    [Theory]
    [InlineData("anna.ivanova@clinic.example", "a***@c***.example")]
    [InlineData("  Petrov@Mail.RU ", "P***@M***.RU")]
    [InlineData("x@localhost", "x***@l***")]
    [InlineData("not-an-address", "***")]
    [InlineData("", "(none)")]
    [InlineData(null, "(none)")]
    public void Email_keeps_only_first_letters_and_the_top_level_domain(string? address, string expected)
    {
        Assert.Equal(expected, LogMask.Email(address));
    }

    [Fact]
    public void Addresses_inside_free_text_are_masked()
    {
        var masked = LogMask.EmailsIn("Invalid recipient anna.ivanova@clinic.example; also <b.petrov@mail.ru>.");

        Assert.DoesNotContain("anna.ivanova", masked);
        Assert.DoesNotContain("b.petrov", masked);
        Assert.Contains("a***@c***.example", masked);
        Assert.Contains("b***@m***.ru", masked);
    }

    [Fact]
    public void Code_shows_only_its_first_group()
    {
        Assert.Equal("AB3C-********", LogMask.Code("AB3C-7K9M2X4P"));
        Assert.DoesNotContain("7K9M", LogMask.Code("AB3C-7K9M2X4P"));
    }
}
