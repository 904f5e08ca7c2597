using Nmo.Core.Common;

namespace Nmo.Core.Tests.Common;

/// <summary>
/// The address check, case by case with the reason it gives: an attendee's certificate and a doctor's credit notice
/// go where it lets through, and the reason is what the provider or the doctor is told.
/// </summary>
public sealed class EmailAddressTests
{
    private static readonly string Local64 = new('a', 64);
    private static readonly string Label63 = new('b', 63);

    public static TheoryData<string, string?> Cases() => new()
    {
        // Plausible, in the forms lists and portals send.
        { "ivanov@mail.ru", null },
        { "  Ivanov.P@Clinic-1.Example.ORG  ", null },
        { "o'neil+nmo!#$%&*/=?^_`{|}~-x@mail.ru", null },
        { "doctor@почта.рф", null },
        { "doctor@xn--80a1acny.xn--p1ai", null },
        { "doctor@a.b.c.mail.ru", null },
        { Local64 + "@mail.ru", null },
        { "d@" + Label63 + ".ru", null },
        { "d@" + Labels(62, 62, 62, 60) + ".ru", null },
        { "d@" + Labels(62, 62, 62, 61) + ".ru", "email.invalid" },

        // Nothing there.
        { "", "email.missing" },
        { "   ", "email.missing" },

        // Not an address.
        { "ivanov", "email.invalid" },
        { "@mail.ru", "email.invalid" },
        { "ivanov@", "email.invalid" },
        { "iva@nov@mail.ru", "email.invalid" },
        { "ivanov@@mail.ru", "email.invalid" },
        { Local64 + "a@mail.ru", "email.invalid" },
        { "ivanov@" + Label63 + "b.ru", "email.invalid" },
        { ".ivanov@mail.ru", "email.invalid" },
        { "ivanov.@mail.ru", "email.invalid" },
        { "iva..nov@mail.ru", "email.invalid" },
        { "iva nov@mail.ru", "email.invalid" },
        { "иванов@mail.ru", "email.invalid" },
        { "ivanov@mail", "email.invalid" },
        { "ivanov@mail.r", "email.invalid" },
        { "ivanov@mail.r2", "email.invalid" },
        { "ivanov@192.168.0.1", "email.invalid" },
        { "ivanov@mail..ru", "email.invalid" },
        { "ivanov@.mail.ru", "email.invalid" },
        { "ivanov@mail.ru.", "email.invalid" },
        { "ivanov@-mail.ru", "email.invalid" },
        { "ivanov@mail-.ru", "email.invalid" },
        { "ivanov@ma_il.ru", "email.invalid" },
        { "ivanov@mаil.ru", "email.invalid" },
        { "ivanov@mail.рф1", "email.invalid" },

        // Addresses that exist in form only: no mail is ever delivered there.
        { "ivanov@host.invalid", "email.undeliverable" },
        { "ivanov@host.LOCAL", "email.undeliverable" },
        { "ivanov@host.localhost", "email.undeliverable" },
        { "ivanov@host.localdomain", "email.undeliverable" },
        { "ivanov@example.com", "email.undeliverable" },
        { "ivanov@Example.Net", "email.undeliverable" },
        { "ivanov@EXAMPLE.ORG", "email.undeliverable" },
        { "ivanov@mail.example.com", null },
        { "ivanov@example.co", null },
        { "ivanov@host.locale", null },
    };

    /// <summary>Labels of these lengths joined by dots: 62+62+62+60 and ".ru" make an address of 254 characters in all.</summary>
    private static string Labels(params int[] lengths) => string.Join('.', lengths.Select(n => new string('c', n)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_address_gets_its_reason_whether_held_as_a_string_or_as_characters(string email, string? expected)
    {
        Assert.Equal(expected, EmailAddress.Check(email));
        Assert.Equal(expected, EmailAddress.Check(email.AsSpan()));
    }

    [Fact]
    public void No_address_at_all_is_missing() => Assert.Equal("email.missing", EmailAddress.Check((string?)null));

    [Theory]
    [InlineData("ivanov@mail.ru", "mail.ru")]
    [InlineData("Иванов <ivanov@ Mail.ru >", "Mail.ru >")]
    [InlineData("no-at-all", "")]
    public void The_domain_is_what_follows_the_last_at(string email, string domain) =>
        Assert.Equal(domain, EmailAddress.Domain(email));
}
