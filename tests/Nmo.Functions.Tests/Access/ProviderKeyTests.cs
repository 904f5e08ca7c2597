using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Nmo.Core.Access;
using Nmo.Core.Audit;
using Nmo.Core.Providers;
using Nmo.LocalHost;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Access;

/// <summary>
/// An operator rotates and revokes a provider's keys through <c>api/admin/providers/{providerId}/keys</c>: a
/// rotation causes no outage (both keys work for the grace period), a revocation takes effect at once, and no listing
/// ever shows a key.
/// </summary>
public sealed class ProviderKeyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task After_a_rotation_both_keys_work_until_the_grace_period_ends_then_only_the_new_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(clock);
        var (providerId, oldKey) = await host.NewProviderAsync("Провайдер ротации");

        // The key is rotated a day after it was created: the listing is oldest first, and a fake clock that stood
        // still would leave the two keys' order to their ids.
        clock.Advance(TimeSpan.FromDays(1));
        using var operatorClient = host.ClientWithRoles(AccessRoles.Operator);

        var response = await operatorClient.PostAsync($"api/admin/providers/{providerId}/keys?graceDays=7", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rotated = await PipelineHost.JsonAsync(response);
        var newApiKey = rotated["apiKey"]!.GetValue<string>();
        using var newKey = host.ClientFor(newApiKey);

        Assert.Equal(HttpStatusCode.OK, (await oldKey.GetAsync("api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("api/events")).StatusCode);

        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await oldKey.GetAsync("api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("api/events")).StatusCode);

        var listing = await operatorClient.GetAsync($"api/admin/providers/{providerId}/keys");
        var text = await listing.Content.ReadAsStringAsync();
        Assert.DoesNotContain(newApiKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderService.HashKey(newApiKey), text, StringComparison.Ordinal);
        Assert.DoesNotContain("nmo_", text, StringComparison.Ordinal);
        var keys = (await PipelineHost.JsonAsync(listing))["keys"]!.AsArray();
        Assert.Equal(2, keys.Count);
        Assert.Equal(["expired", "active"], keys.Select(k => k!["state"]!.GetValue<string>()));
        Assert.Equal(rotated["keyId"]!.GetValue<string>(), keys[1]!["keyId"]!.GetValue<string>());
        Assert.NotNull(keys[0]!["expiresAt"]);
        Assert.NotNull(keys[1]!["createdAt"]);

        var audit = await host.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(providerId), CancellationToken.None);
        var record = Assert.Single(audit, r => r.Action == ProviderKeyService.Rotated);
        Assert.Equal("app:" + DevelopmentIssuer.ClientId, record.Actor);
        Assert.DoesNotContain("nmo_", record.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_while_the_new_key_keeps_working()
    {
        await using var host = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var (providerId, oldKey) = await host.NewProviderAsync("Провайдер отзыва");
        using var operatorClient = host.ClientWithRoles(AccessRoles.Operator);
        var rotated = await PipelineHost.JsonAsync(await operatorClient.PostAsync($"api/admin/providers/{providerId}/keys", null));
        using var newKey = host.ClientFor(rotated["apiKey"]!.GetValue<string>());
        var keys = (await PipelineHost.JsonAsync(await operatorClient.GetAsync($"api/admin/providers/{providerId}/keys")))["keys"]!.AsArray();
        var oldKeyId = keys.Select(k => k!["keyId"]!.GetValue<string>()).Single(id => id != rotated["keyId"]!.GetValue<string>());
        Assert.Equal("expiring", keys.Single(k => k!["keyId"]!.GetValue<string>() == oldKeyId)!["state"]!.GetValue<string>());

        var revoked = await operatorClient.DeleteAsync($"api/admin/providers/{providerId}/keys/{oldKeyId}");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("revoked", (await PipelineHost.JsonAsync(revoked))["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldKey.GetAsync("api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("api/events")).StatusCode);
        Assert.Single(
            await host.Services.GetRequiredService<IAuditLog>().ListAsync(new AuditQuery(providerId), CancellationToken.None),
            r => r.Action == ProviderKeyService.Revoked);

        var unknownKey = await operatorClient.DeleteAsync($"api/admin/providers/{providerId}/keys/key-0000000000000000");
        var unknownProvider = await operatorClient.GetAsync("api/admin/providers/prv-nobody/keys");
        Assert.Equal(HttpStatusCode.NotFound, unknownKey.StatusCode);
        Assert.Equal("provider-key.not-found", (await PipelineHost.JsonAsync(unknownKey))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknownProvider.StatusCode);
    }

    [Fact]
    public async Task Only_the_Operator_role_manages_keys()
    {
        await using var host = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var (providerId, _) = await host.NewProviderAsync("Провайдер ролей");
        using var portal = host.ClientWithRoles(AccessRoles.Portal);

        Assert.Equal(HttpStatusCode.Forbidden, (await portal.PostAsync($"api/admin/providers/{providerId}/keys", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.GetAsync($"api/admin/providers/{providerId}/keys")).StatusCode);
    }

    private Task<PipelineHost> StartAsync(FakeTimeProvider clock) =>
        PipelineHost.StartAsync(
            azurite,
            services: s => s.AddSingleton<TimeProvider>(clock),
            tweak: o =>
            {
                o.DevelopmentIssuer = DevelopmentIssuer.Create();
                o.EnableTimerTriggers = false;
            });
}
