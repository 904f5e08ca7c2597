using Nmo.Core.Email;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Email;

public sealed class CreditNoticeGreetingTests
{
    private readonly EmailTemplates templates = new();

    private static CreditNoticeModel Model(string? name) => new(
        "Школа аритмологии", "event", "РКО", 4m, new DateTimeOffset(2025, 5, 20, 10, 0, 0, TimeSpan.Zero), "AB3C-********",
        8m, 2m, 10m, 16m, 20m, 36m, new DateOnly(2024, 1, 1), new DateOnly(2028, 12, 31), DoctorName: name);

    [Theory]
    [InlineData(Language.Ru, "Здравствуйте, Петров Пётр!")]
    [InlineData(Language.En, "Dear Петров Пётр,")]
    public void With_a_name_the_notice_greets_by_it(Language language, string greeting)
    {
        var content = EmailTemplates.Fill(templates.CreditNotice(Model("Петров Пётр"), language), EmailTemplates.CreditNoticeValues("Петров Пётр"));

        Assert.StartsWith(greeting, content.Text, StringComparison.Ordinal);
        Assert.Contains(greeting, content.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ru, "Здравствуйте!")]
    [InlineData(Language.En, "Hello,")]
    public void Without_a_name_the_greeting_is_neutral_and_complete(Language language, string greeting)
    {
        var content = EmailTemplates.Fill(templates.CreditNotice(Model(null), language), EmailTemplates.CreditNoticeValues(null));

        Assert.StartsWith(greeting + "\n", content.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"<p>{greeting}</p>", content.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(", !", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", content.Text + content.Html, StringComparison.Ordinal);
    }
}
