using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nmo.Core.Email;
using Nmo.Infrastructure.Composition;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Email;

public static class EmailRegistration
{
    /// <summary>
    /// Registers <see cref="EmailOptions"/>, <see cref="EmailTemplates"/>, the e-mail state stores, the delivery report
    /// service and its signature check, and the <see cref="IEmailSender"/>: SendGrid when <c>SendGrid:ApiKey</c> is set,
    /// otherwise the <c>.eml</c> outbox, which is never used in Azure (<see cref="SendGridOptionsValidator"/>).
    /// </summary>
    public static IServiceCollection AddNmoEmail(this IServiceCollection services, IConfiguration configuration)
    {
        // Options bind from the host's configuration; a bare service collection (tests, tools) gets this one.
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddBoundOptions<SendGridOptions>(SendGridOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidator>());
        services.AddBoundOptions<EmailOptions>(EmailOptions.SectionName)
            .PostConfigure<IOptions<SendGridOptions>>((email, sendGrid) =>
            {
                // The deployment writes the sender address into the SendGrid section.
                if (sendGrid.Value.FromEmail is { Length: > 0 } fromEmail)
                {
                    email.FromEmail = fromEmail;
                }

                if (sendGrid.Value.FromName is { Length: > 0 } fromName)
                {
                    email.FromName = fromName;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, TemplatesValidator>());
        services.AddBoundOptions<EmailDeliveryOptions>(EmailDeliveryOptions.SectionName)
            .Validate(o => o.ClaimTimeout > TimeSpan.Zero, $"'{EmailDeliveryOptions.SectionName}:{nameof(EmailDeliveryOptions.ClaimTimeout)}' must be longer than zero: a claim that is stale at once lets two deliveries send the same e-mail.")
            .ValidateOnStart();

        services.TryAddSingleton(sp => new EmailTemplates(sp.GetRequiredService<EmailOptions>()));
        services.TryAddSingleton<IEmailStateStore, TableEmailStateStore>();
        services.TryAddSingleton<ICertificateStateStore, TableAttendeeStore>();
        services.TryAddSingleton<UploadEmailReport>();
        services.TryAddSingleton<DeliveryReportService>();
        services.TryAddSingleton<IDeliveryReportSignature>(sp => new SendGridEventSignature(
            sp.GetRequiredService<SendGridOptions>().WebhookPublicKey, sp.GetService<ILogger<SendGridEventSignature>>()));
        services.TryAddSingleton<IEmailSender>(sp =>
        {
            var sendGrid = sp.GetRequiredService<SendGridOptions>();
            var email = sp.GetRequiredService<EmailOptions>();
            var time = sp.GetRequiredService<TimeProvider>();
            return string.IsNullOrWhiteSpace(sendGrid.ApiKey)
                ? new OutboxEmailSender(email, time, sp.GetService<ILogger<OutboxEmailSender>>())
                : new SendGridEmailSender(sendGrid, email, time, sp.GetService<ILogger<SendGridEmailSender>>());
        });

        return services;
    }

    /// <summary>A broken override template is reported at start-up, not when the first certificate should go out.</summary>
    private sealed class TemplatesValidator : IValidateOptions<EmailOptions>
    {
        public ValidateOptionsResult Validate(string? name, EmailOptions options)
        {
            try
            {
                new EmailTemplates(options).Validate();
                return ValidateOptionsResult.Success;
            }
            catch (EmailTemplateException e)
            {
                return ValidateOptionsResult.Fail($"'{EmailOptions.TemplatesDirectorySetting}': {e.Message}");
            }
        }
    }
}
