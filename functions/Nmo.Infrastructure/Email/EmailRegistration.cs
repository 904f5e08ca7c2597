using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nmo.Core.Configuration;
using Nmo.Core.Email;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Email;

public static class EmailRegistration
{
    /// <summary>
    /// Registers <see cref="EmailOptions"/>, <see cref="EmailTemplates"/>, the e-mail state stores, the event webhook's
    /// service and signature check, and the <see cref="IEmailSender"/>: SendGrid when <c>SendGrid:ApiKey</c> is set,
    /// otherwise the <c>.eml</c> outbox.
    /// </summary>
    public static IServiceCollection AddNmoEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var email = ReadEmailOptions(configuration);
        var sendGrid = new SendGridOptions();
        configuration.GetSection(SendGridOptions.SectionName).Bind(sendGrid);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(email);
        services.AddSingleton(new EmailTemplates(email));
        services.TryAddSingleton(configuration.GetSection(EmailDeliveryOptions.SectionName).Get<EmailDeliveryOptions>() ?? new EmailDeliveryOptions());
        services.TryAddSingleton<IEmailStateStore, TableEmailStateStore>();
        services.TryAddSingleton<ICertificateStateStore, TableAttendeeStore>();
        services.TryAddSingleton<UploadEmailReport>();
        services.TryAddSingleton<DeliveryReportService>();
        services.TryAddSingleton<IDeliveryReportSignature>(sp => new SendGridEventSignature(
            configuration[SettingNames.SendGridWebhookPublicKey], sp.GetService<ILogger<SendGridEventSignature>>()));
        if (string.IsNullOrWhiteSpace(sendGrid.ApiKey))
        {
            services.AddSingleton<IEmailSender>(sp => new OutboxEmailSender(
                email, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<OutboxEmailSender>>()));
        }
        else
        {
            services.AddSingleton(sendGrid);
            services.AddSingleton<IEmailSender>(sp => new SendGridEmailSender(
                sendGrid, email, sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<SendGridEmailSender>>()));
        }

        return services;
    }

    /// <summary>The <c>Email</c> section, with the sender address from <c>SendGrid:FromEmail</c>/<c>FromName</c> where the deployment sets it.</summary>
    public static EmailOptions ReadEmailOptions(IConfiguration configuration)
    {
        var email = new EmailOptions();
        configuration.GetSection(EmailOptions.SectionName).Bind(email);
        if (configuration[SettingNames.SendGridFromEmail] is { Length: > 0 } fromEmail)
        {
            email.FromEmail = fromEmail;
        }

        if (configuration[SettingNames.SendGridFromName] is { Length: > 0 } fromName)
        {
            email.FromName = fromName;
        }

        return email;
    }
}
