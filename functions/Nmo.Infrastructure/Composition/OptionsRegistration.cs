using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Nmo.Infrastructure.Composition;

/// <summary>The one way options are bound: from their section of the host's configuration, validated, then served as the plain object the services take.</summary>
public static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="sectionName"/> and registers its value, so core services can
    /// take the options object itself (they have no options framework to know about). Chain <c>Validate</c> and
    /// <c>ValidateOnStart</c> on the result for settings the app must not run without.
    /// </summary>
    public static OptionsBuilder<T> AddBoundOptions<T>(this IServiceCollection services, string sectionName)
        where T : class
    {
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>().BindConfiguration(sectionName);
    }
}
