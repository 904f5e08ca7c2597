using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nmo.Functions.Http;
using Nmo.Infrastructure.Composition;

namespace Nmo.Functions.Composition;

public static class NmoFunctionsServiceCollectionExtensions
{
    /// <summary>Everything the function classes need; Program.cs, <c>nmo serve</c> and the tests all call this.</summary>
    public static IServiceCollection AddNmoFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNmoPipeline(configuration);
        services.TryAddSingleton<ProviderRoutes>();
        return services;
    }
}
