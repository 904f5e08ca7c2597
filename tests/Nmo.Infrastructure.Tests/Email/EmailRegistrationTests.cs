using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Email;
using Nmo.Infrastructure.Email;

namespace Nmo.Infrastructure.Tests.Email;

public sealed class EmailRegistrationTests
{
    [Fact]
    public void Without_a_SendGrid_key_mail_goes_to_the_configured_outbox()
    {
        using var provider = Build(new() { ["Email:OutboxDirectory"] = "mail-out", ["Email:PortalUrl"] = "https://portal.example" });

        var sender = Assert.IsType<OutboxEmailSender>(provider.GetRequiredService<IEmailSender>());
        Assert.Equal(Path.GetFullPath("mail-out"), sender.Directory);
        Assert.Equal("https://portal.example", provider.GetRequiredService<EmailOptions>().PortalUrl);
    }

    [Fact]
    public void With_a_SendGrid_key_mail_goes_to_SendGrid_from_the_configured_sender()
    {
        using var provider = Build(new()
        {
            ["SendGrid:ApiKey"] = "SG.x",
            ["SendGrid:FromEmail"] = "certificates@nmo.example",
            ["SendGrid:FromName"] = "Совет НМО",
            ["Email:TemplatesDirectory"] = "templates",
        });

        Assert.IsType<SendGridEmailSender>(provider.GetRequiredService<IEmailSender>());
        var email = provider.GetRequiredService<EmailOptions>();
        Assert.Equal("certificates@nmo.example", email.FromEmail);
        Assert.Equal("Совет НМО", email.FromName);
        Assert.Equal(Path.GetFullPath("templates"), provider.GetRequiredService<EmailTemplates>().OverrideDirectory);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddNmoEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
