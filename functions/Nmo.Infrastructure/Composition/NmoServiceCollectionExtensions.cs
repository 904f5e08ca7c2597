using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nmo.Core.Activations;
using Nmo.Core.Codes;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Providers;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Blobs;
using Nmo.Infrastructure.Email;
using Nmo.Infrastructure.Queues;
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
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new StorageClientOptions());
        services.TryAddSingleton(sp => new StorageClients(configuration, sp.GetRequiredService<StorageClientOptions>()));

        services.TryAddSingleton(Bind<UploadOptions>(configuration, "Uploads"));
        services.TryAddSingleton(Bind<PlanOptions>(configuration, "Plan"));
        services.TryAddSingleton(Bind<ThrottleOptions>(configuration, "Activation:Throttle"));

        // Storage adapters of the core's ports.
        services.TryAddSingleton<IProviderStore, TableProviderStore>();
        services.TryAddSingleton<IEventStore, TableEventStore>();
        services.TryAddSingleton<IUploadStore, TableUploadStore>();
        services.TryAddSingleton<IAttendeeStore, TableAttendeeStore>();
        services.TryAddSingleton<ICodeStore, TableCodeStore>();
        services.TryAddSingleton<ILedgerStore, TableLedgerStore>();
        services.TryAddSingleton<IThrottleStore, TableThrottleStore>();
        services.TryAddSingleton<IRawUploadStore, BlobRawUploadStore>();
        services.TryAddSingleton<IMessageQueue, StorageMessageQueue>();

        services.TryAddSingleton(_ => CodeSecrets.FromConfiguration(configuration));
        services.TryAddSingleton<ICodeHasher>(sp => sp.GetRequiredService<CodeSecrets>());
        services.TryAddSingleton<ICodeProtector>(sp => sp.GetRequiredService<CodeSecrets>());

        services.AddNmoEmail(configuration);

        // Core services.
        services.TryAddSingleton<ProviderService>();
        services.TryAddSingleton<EventService>();
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<UploadProcessor>();
        services.TryAddSingleton<CertificateMailer>();
        services.TryAddSingleton<CreditNotifier>();
        services.TryAddSingleton<CreditEffects>();
        services.TryAddSingleton<ActivationThrottle>();
        services.TryAddSingleton<ActivationService>();
        services.TryAddSingleton<CodeReissueService>();
        services.TryAddSingleton<EducationPlanService>();
        services.TryAddSingleton<ModuleCompletionService>();
        services.TryAddSingleton<StorageHealth>();
        return services;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() =>
        configuration.GetSection(section).Get<T>() ?? new T();
}
