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

    [Theory]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-nmo-test;SecretName=sendgrid-webhook-public-key)", "unresolved Key Vault reference")]
    [InlineData("not a key", "not a Base64 DER public key")]
    public void A_webhook_key_that_is_no_key_leaves_the_webhook_refusing_every_call_and_says_why(string key, string why)
    {
        using var log = new Nmo.Testing.LogCapture();
        using var provider = new ServiceCollection()
            .AddLogging(logging => log.CaptureAll(logging))
            .AddNmoEmail(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SendGrid:WebhookPublicKey"] = key }).Build())
            .BuildServiceProvider();

        var signature = provider.GetRequiredService<IDeliveryReportSignature>();

        Assert.False(signature.IsConfigured);
        Assert.False(signature.Verify("[]", "MEUCIQ==", "1700000000"));
        var error = Assert.Single(log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddNmoEmail(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
