using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nmo.Core.Activations;
using Nmo.Core.Audit;
using Nmo.Core.Certificates;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;
using Nmo.Core.Credentials;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Providers;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Access;
using Nmo.Infrastructure.Backups;
using Nmo.Infrastructure.Blobs;
using Nmo.Infrastructure.Documents;
using Nmo.Infrastructure.Email;
using Nmo.Infrastructure.Queues;
using Nmo.Infrastructure.Retention;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Composition;

/// <summary>
/// The one composition root: the Functions app's Program.cs, <c>nmo serve</c>, <c>nmo demo</c> and the
/// end-to-end tests all call <see cref="AddNmoPipeline"/>, so what runs locally is what runs in Azure.
/// </summary>
public static class NmoServiceCollectionExtensions
{
    public static IServiceCollection AddNmoPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        // Options bind from the host's configuration; a bare service collection (tests, tools) gets this one.
        services.TryAddSingleton(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new StorageClientOptions());
        services.TryAddSingleton(sp => new StorageClients(configuration, sp.GetRequiredService<StorageClientOptions>()));

        services.AddBoundOptions<UploadOptions>(UploadOptions.SectionName)
            .Validate(o => o.ChunkSize is >= 1 and <= 100, $"'{UploadOptions.SectionName}:{nameof(UploadOptions.ChunkSize)}' must be 1 to 100: a table transaction takes at most 100 entities.")
            .Validate(o => o.ChunksInFlight is >= 1 and <= 16, $"'{UploadOptions.SectionName}:{nameof(UploadOptions.ChunksInFlight)}' must be 1 to 16.")
            .Validate(o => o.SliceSize >= 1, $"'{UploadOptions.SectionName}:{nameof(UploadOptions.SliceSize)}' must be at least 1.")
            .Validate(o => o.StuckAfter > TimeSpan.Zero, $"'{UploadOptions.SectionName}:{nameof(UploadOptions.StuckAfter)}' must be longer than zero.")
            .Validate(o => o.EmailBatchSize is >= 1 and <= SendGridOptions.MaxPersonalizationsPerRequest, $"'{UploadOptions.SectionName}:{nameof(UploadOptions.EmailBatchSize)}' must be 1 to {SendGridOptions.MaxPersonalizationsPerRequest}.")
            .ValidateOnStart();
        services.AddBoundOptions<PlanOptions>(PlanOptions.SectionName)
            .Validate(o => o.CycleYears >= 1, $"'{PlanOptions.SectionName}:{nameof(PlanOptions.CycleYears)}' must be at least 1.")
            .ValidateOnStart();
        services.AddBoundOptions<ThrottleOptions>(ThrottleOptions.SectionName)
            .Validate(o => o.MaxFailures >= 1 && o.Window > TimeSpan.Zero, $"'{ThrottleOptions.SectionName}' needs {nameof(ThrottleOptions.MaxFailures)} of at least 1 and a {nameof(ThrottleOptions.Window)} longer than zero.")
            .ValidateOnStart();
        services.AddBoundOptions<CodeOptions>(CodeOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CodeOptions>, CodeOptionsValidator>());
        services.AddBoundOptions<CertificateOptions>(CertificateOptions.SectionName)
            .Validate(o => CertificateOptions.IsValidBaseUrl(o.PublicBaseUrl), $"'{SettingNames.PublicBaseUrl}' (app setting {SettingNames.AsAppSetting(SettingNames.PublicBaseUrl)}) must be the app's public http(s) address: certificates link to it.")
            .Validate(o => o.MaxUnknownLookups >= 1 && o.Window > TimeSpan.Zero, $"'{CertificateOptions.SectionName}' needs {nameof(CertificateOptions.MaxUnknownLookups)} of at least 1 and a {nameof(CertificateOptions.Window)} longer than zero.")
            .ValidateOnStart();
        services.AddBoundOptions<RetentionOptions>(RetentionOptions.SectionName)
            .Validate(o => o.RawUploadsDays >= 1 && o.AttendeesDays >= 1, $"'{RetentionOptions.SectionName}:{nameof(RetentionOptions.RawUploadsDays)}' and '{nameof(RetentionOptions.AttendeesDays)}' must be at least 1 day.")
            .Validate(o => o.LedgerYears >= 1, $"'{RetentionOptions.SectionName}:{nameof(RetentionOptions.LedgerYears)}' must be at least 1 year.")
            .ValidateOnStart();
        services.AddBoundOptions<CredentialOptions>(CredentialOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CredentialOptions>, CredentialOptionsValidator>());

        // Access without shared keys (issue 16 item 4): Entra ID tokens with app roles, function keys as a fallback.
        services.AddBoundOptions<AccessOptions>(AccessOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>());
        services.TryAddSingleton<AccessTokenValidator>();
        services.TryAddSingleton<AccessGate>();
        services.AddBoundOptions<ProviderKeyOptions>(ProviderKeyOptions.SectionName)
            .Validate(o => o.KeyGracePeriod >= TimeSpan.Zero && o.KeyGracePeriod <= ProviderKeyService.MaxGracePeriod, $"'{ProviderKeyOptions.SectionName}:{nameof(ProviderKeyOptions.KeyGracePeriod)}' must be 0 to 90 days.")
            .ValidateOnStart();
        services.TryAddSingleton<ProviderKeyService>();

        // Storage adapters of the core's ports.
        services.TryAddSingleton<IProviderStore, TableProviderStore>();
        // Saves go through the cache, so this instance drops its copy of an event it changes; only activation reads copies.
        services.TryAddSingleton(sp => new CachedEventStore(ActivatorUtilities.CreateInstance<TableEventStore>(sp), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IEventStore>(sp => sp.GetRequiredService<CachedEventStore>());
        services.TryAddSingleton<IUploadStore, TableUploadStore>();
        services.TryAddSingleton<IAttendeeStore, TableAttendeeStore>();
        services.TryAddSingleton<ICodeStore, TableCodeStore>();
        services.TryAddSingleton<ICertificateStore, TableCertificateStore>();
        services.TryAddSingleton<ILedgerStore, TableLedgerStore>();
        services.TryAddSingleton<IThrottleStore, TableThrottleStore>();
        services.TryAddSingleton<IRawUploadStore, BlobRawUploadStore>();
        services.TryAddSingleton<ICertificateBatchStore, BlobCertificateBatchStore>();
        services.TryAddSingleton<IMessageQueue, StorageMessageQueue>();
        services.TryAddSingleton<PoisonQueues>();
        services.TryAddSingleton<QueueGauges>();
        services.TryAddSingleton<TableBackups>();
        services.TryAddSingleton<TableRetention>();
        services.TryAddSingleton<PersonalDataEraser>();
        services.TryAddSingleton<IEventListing, TableEventListing>();
        services.TryAddSingleton<IUploadListing, TableUploadListing>();
        services.TryAddSingleton<IAttendeeDirectory, TableAttendeeDirectory>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();

        services.TryAddSingleton(sp => new CodeSecrets(sp.GetRequiredService<CodeOptions>().HashKey!));
        services.TryAddSingleton<ICodeHasher>(sp => sp.GetRequiredService<CodeSecrets>());
        services.TryAddSingleton<ICodeProtector>(sp => sp.GetRequiredService<CodeSecrets>());
        services.TryAddSingleton<ICertificateHolderKeys>(sp => sp.GetRequiredService<CodeSecrets>());
        services.TryAddSingleton(sp => SigningKeyRing.FromSetting(sp.GetRequiredService<CredentialOptions>().SigningKeys));

        services.AddNmoEmail(configuration);
        services.AddNmoTelemetry(configuration);

        // Core services.
        services.TryAddSingleton<ProviderService>();
        services.TryAddSingleton<EventService>();
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<UploadProcessor>();
        services.TryAddSingleton<UploadSweeper>();
        services.TryAddSingleton<CertificateIssuer>();
        services.TryAddSingleton<CertificateMailer>();
        services.TryAddSingleton<ICertificatePdfRenderer, CertificatePdfRenderer>();
        services.TryAddSingleton<CertificateVerificationService>();
        services.TryAddSingleton<CredentialService>();
        services.TryAddSingleton<CreditNotifier>();
        services.TryAddSingleton<CreditEffects>();
        services.TryAddSingleton<ActivationThrottle>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ActivationService>(sp, sp.GetRequiredService<CachedEventStore>().Recent));
        services.TryAddSingleton<CodeReissueService>();
        services.TryAddSingleton<WithdrawalService>();
        services.TryAddSingleton<CodeInquiryService>();
        services.TryAddSingleton<EducationPlanService>();
        services.TryAddSingleton<IEducationReportPdfRenderer, EducationReportPdfRenderer>();
        services.TryAddSingleton<EducationReportService>();
        services.TryAddSingleton<ModuleCompletionService>();
        services.TryAddSingleton<StorageHealth>();
        services.TryAddSingleton<EventQueryService>();
        services.TryAddSingleton<UploadQueryService>();
        services.TryAddSingleton<UploadPrecheckService>();
        services.TryAddSingleton<AttendeeSearchService>();
        return services;
    }
}
