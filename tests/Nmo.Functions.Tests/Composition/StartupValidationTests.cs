using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nmo.Core.Activations;
using Nmo.Core.Configuration;
using Nmo.Core.Credentials;
using Nmo.Core.Email;
using Nmo.Core.Uploads;
using Nmo.Functions.Composition;

namespace Nmo.Functions.Tests.Composition;

/// <summary>The composition root as a host runs it: settings the app must not run without stop it at start, naming the setting.</summary>
public sealed class StartupValidationTests
{
    private const string GoodKey = "startup-tests-key-0123456789-abcdefgh";

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        settings.TryAdd(SettingNames.PublicBaseUrl, "https://nmo.example");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddNmoFunctions(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Several options can fail together (the e-mail options read the SendGrid section); the host then throws them aggregated.</summary>
    private static async Task<Exception> StartFailure(IHost host)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var failures = error is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [error];
        Assert.All(failures, f => Assert.IsType<OptionsValidationException>(f));
        return new InvalidOperationException(string.Join(Environment.NewLine, failures.Select(f => f.Message)));
    }

    [Theory]
    [InlineData(null, "is not configured")]
    [InlineData("", "is not configured")]
    [InlineData("thirty-one-bytes-of-key-materia", "too short")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-nmo-abc;SecretName=codes-hash-key)", "unresolved Key Vault reference")]
    [InlineData("local-development-only-change-me-0123456789abcdef", "sample value")]
    public async Task Without_a_usable_code_key_the_host_does_not_start(string? key, string why)
    {
        using var host = Build(new() { [SettingNames.CodeHashKey] = key });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(SettingNames.CodeHashKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("Codes__HashKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WEBSITE_INSTANCE_ID")]
    [InlineData("WEBSITE_SITE_NAME")]
    public async Task In_Azure_without_a_SendGrid_key_the_host_does_not_start_rather_than_write_an_outbox(string marker)
    {
        using var host = Build(new() { [SettingNames.CodeHashKey] = GoodKey, [marker] = "func-nmo-test", [SettingNames.SendGridFromEmail] = "certificates@nmo.example" });

        var error = await StartFailure(host);

        Assert.Contains(SettingNames.SendGridApiKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("outbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_Azure_the_outbox_is_never_composed_even_by_a_service_provider_without_a_host()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.CodeHashKey] = GoodKey,
            ["WEBSITE_INSTANCE_ID"] = "0123abcd",
        }).Build();
        using var services = new ServiceCollection().AddNmoFunctions(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEmailSender>());

        Assert.Contains(SettingNames.SendGridApiKey, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unresolved_key_vault_reference_for_the_SendGrid_key_stops_the_host(bool inAzure)
    {
        const string setting = SettingNames.SendGridApiKey;
        var settings = new Dictionary<string, string?>
        {
            [SettingNames.CodeHashKey] = GoodKey,
            [SettingNames.SendGridApiKey] = "SG.not-a-real-key",
            [SettingNames.SendGridFromEmail] = "certificates@nmo.example",
            [setting] = "@Microsoft.KeyVault(VaultName=kv-nmo-test;SecretName=some-secret)",
        };
        if (inAzure)
        {
            settings["WEBSITE_INSTANCE_ID"] = "0123abcd";
        }

        using var host = Build(settings);

        var error = await StartFailure(host);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains("unresolved Key Vault reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Azure_with_its_settings_the_host_starts_and_sends_through_SendGrid()
    {
        using var host = Build(new()
        {
            [SettingNames.CodeHashKey] = GoodKey,
            ["WEBSITE_INSTANCE_ID"] = "0123abcd",
            [SettingNames.SendGridApiKey] = "SG.not-a-real-key",
            [SettingNames.SendGridFromEmail] = "certificates@nmo.example",
            [SettingNames.CredentialSigningKeys] = SigningKeyRing.NewKeyPem(),
            ["Auth:TenantId"] = "00000000-0000-0000-0000-000000000001",
            ["Auth:Audience"] = "api://nmo-tests",
        });

        await host.StartAsync();
        try
        {
            Assert.IsType<Nmo.Infrastructure.Email.SendGridEmailSender>(host.Services.GetRequiredService<IEmailSender>());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Theory]
    [InlineData(null, "is not configured")]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-nmo-abc;SecretName=credentials-signing-keys)", "unresolved Key Vault reference")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "is not an EC private key")]
    [InlineData("an RSA key", "is not an EC private key")]
    public async Task In_Azure_without_usable_signing_keys_the_host_does_not_start(string? keys, string why)
    {
        using var host = Build(new()
        {
            [SettingNames.CodeHashKey] = GoodKey,
            ["WEBSITE_INSTANCE_ID"] = "0123abcd",
            [SettingNames.SendGridApiKey] = "SG.not-a-real-key",
            [SettingNames.SendGridFromEmail] = "certificates@nmo.example",
            // A PKCS#8 key of another algorithm must be refused, not used.
            [SettingNames.CredentialSigningKeys] = keys == "an RSA key" ? System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem() : keys,
        });

        var error = await StartFailure(host);

        Assert.Contains("Credentials__SigningKeys", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("true", null)]
    [InlineData(null, "api://nmo-tests")]
    public async Task In_Azure_without_a_way_to_check_callers_the_host_does_not_start_rather_than_leave_the_routes_open(string? allowKeys, string? audience)
    {
        using var host = Build(new()
        {
            [SettingNames.CodeHashKey] = GoodKey,
            ["WEBSITE_INSTANCE_ID"] = "0123abcd",
            [SettingNames.SendGridApiKey] = "SG.not-a-real-key",
            [SettingNames.SendGridFromEmail] = "certificates@nmo.example",
            [SettingNames.CredentialSigningKeys] = SigningKeyRing.NewKeyPem(),
            ["Auth:AllowFunctionKeys"] = allowKeys,
            ["Auth:Audience"] = audience,
        });

        var error = await StartFailure(host);

        Assert.Contains("Auth:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Azure_a_missing_signing_key_leaves_the_host_running_and_only_the_credentials_refuse()
    {
        using var host = Build(new() { [SettingNames.CodeHashKey] = GoodKey });

        await host.StartAsync();
        try
        {
            Assert.NotNull(host.Services.GetRequiredService<SigningKeyRing>().Problem);
        }
        finally
        {
            await host.StopAsync();
        }
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
