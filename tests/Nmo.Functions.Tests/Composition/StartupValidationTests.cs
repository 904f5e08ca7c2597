using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nmo.Core.Activations;
using Nmo.Core.Configuration;
using Nmo.Core.Email;
using Nmo.Core.Uploads;
using Nmo.Functions.Composition;

namespace Nmo.Functions.Tests.Composition;

/// <summary>The composition root as a host runs it: settings the app must not run without stop it at start, naming the setting.</summary>
public sealed class StartupValidationTests
{
    private const string GoodKey = "startup-tests-key-0123456789";

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings.TryAdd(SettingNames.PublicBaseUrl, "https://nmo.example");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddNmoFunctions(builder.Configuration);
        return builder.Build();
    }

    [Theory]
    [InlineData(null, "is not configured")]
    [InlineData("", "is not configured")]
    [InlineData("fifteen-bytes!!", "too short")]
    public async Task Without_a_usable_code_key_the_host_does_not_start(string? key, string why)
    {
        using var host = Build(new() { [SettingNames.CodeHashKey] = key });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(SettingNames.CodeHashKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("Codes__HashKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Activation:Throttle:MaxFailures", "0", "Activation:Throttle")]
    [InlineData("Activation:Throttle:Window", "00:00:00", "Activation:Throttle")]
    [InlineData("Email:Delivery:ClaimTimeout", "00:00:00", "Email:Delivery:ClaimTimeout")]
    [InlineData("Uploads:ChunkSize", "101", "Uploads:ChunkSize")]
    [InlineData("Uploads:EmailBatchSize", "0", "Uploads:EmailBatchSize")]
    [InlineData("Plan:CycleYears", "0", "Plan:CycleYears")]
    [InlineData(SettingNames.PublicBaseUrl, "", "Certificates__PublicBaseUrl")]
    [InlineData(SettingNames.PublicBaseUrl, "nmo.example/verify", "Certificates__PublicBaseUrl")]
    [InlineData("Certificates:MaxUnknownLookups", "0", "Certificates")]
    public async Task A_setting_that_would_break_a_guarantee_stops_the_host_and_is_named(string setting, string value, string named)
    {
        using var host = Build(new() { [SettingNames.CodeHashKey] = GoodKey, [setting] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_override_template_stops_the_host_and_names_the_file()
    {
        var templates = Directory.CreateTempSubdirectory("nmo-startup-templates-");
        try
        {
            File.WriteAllText(Path.Combine(templates.FullName, "certificate.ru.txt"), "Код потерян");
            using var host = Build(new() { [SettingNames.CodeHashKey] = GoodKey, [EmailOptions.TemplatesDirectorySetting] = templates.FullName });

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            Assert.Contains(EmailOptions.TemplatesDirectorySetting, error.Message, StringComparison.Ordinal);
            Assert.Contains("certificate.ru", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            templates.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task With_a_good_key_the_host_starts_and_every_section_is_bound_from_the_hosts_configuration()
    {
        using var host = Build(new()
        {
            [SettingNames.CodeHashKey] = GoodKey,
            [SettingNames.UploadMaxBytes] = "1048576",
            ["Activation:Throttle:MaxFailures"] = "3",
            ["Email:Delivery:ClaimTimeout"] = "00:02:00",
            ["Plan:TargetTotal"] = "40",
            [SettingNames.SendGridFromEmail] = "certificates@nmo.example",
        });

        await host.StartAsync();
        try
        {
            Assert.Equal(1048576, host.Services.GetRequiredService<UploadOptions>().MaxBytes);
            Assert.Equal(3, host.Services.GetRequiredService<ThrottleOptions>().MaxFailures);
            Assert.Equal(TimeSpan.FromMinutes(2), host.Services.GetRequiredService<EmailDeliveryOptions>().ClaimTimeout);
            Assert.Equal(40, host.Services.GetRequiredService<Nmo.Core.Plan.PlanOptions>().TargetTotal);
            Assert.Equal("certificates@nmo.example", host.Services.GetRequiredService<EmailOptions>().FromEmail);
            Assert.NotNull(host.Services.GetRequiredService<Nmo.Core.Codes.ICodeHasher>());
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
