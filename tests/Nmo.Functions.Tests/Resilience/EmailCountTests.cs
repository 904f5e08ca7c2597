using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Storage;
using Nmo.Functions.Queues;
using Nmo.Infrastructure.Storage;
using Nmo.Testing.Email;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Resilience;

/// <summary>
/// The upload's e-mailed count is what the certificates' recorded outcomes say, even when storage fails right
/// after the outcomes were recorded: the count is written in the same transaction as the outcomes, not after them.
/// </summary>
public sealed class EmailCountTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Upload_records_unwritable_while_certificates_go_out_leave_the_emailed_count_equal_to_the_certificates_sent()
    {
        // Every write to an upload record is refused (503) while the certificates are sent, retries included.
        var uploadsDown = new FaultInjectionPolicy(seed: 7, rate: 2.0)
        {
            Enabled = false,
            Applies = m => m.Request.Method.Method is "PUT" or "MERGE" or "PATCH" && m.Request.Uri.Path.Contains($"/{StorageNames.Tables.Uploads}(", StringComparison.Ordinal),
        };
        var clientOptions = new StorageClientOptions();
        clientOptions.PerRetryPolicies.Add(uploadsDown);
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        await using var host = await PipelineHost.StartAsync(
            azurite, Scenario.Settings(sendGrid), services: s => s.AddSingleton(clientOptions), tweak: o => o.EnableQueueTriggers = false);
        var provider = await Scenario.ProviderWithEventAsync(host, "count-school");
        var functions = ActivatorUtilities.CreateInstance<PipelineQueueFunctions>(host.Services);

        var uploadId = await Scenario.UploadAsync(provider, "count-school", Scenario.Csv(0, 120, invalidEvery: 40));
        var valid = Scenario.ValidCount(0, 120, 40);
        foreach (var body in await host.Queues.TakeAllAsync(StorageNames.Queues.Uploads))
        {
            await Scenario.DeliverAsync(functions, StorageNames.Queues.Uploads, body);
        }

        uploadsDown.Enabled = true;
        var certificates = await host.Queues.TakeAllAsync(StorageNames.Queues.Certificates);
        Assert.NotEmpty(certificates);
        var failed = new List<string>();
        foreach (var body in certificates)
        {
            try
            {
                await Scenario.DeliverAsync(functions, StorageNames.Queues.Certificates, body);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                failed.Add(body);
            }
        }

        // Storage is back; whatever failed is delivered again, as the host would.
        uploadsDown.Enabled = false;
        foreach (var body in failed)
        {
            await Scenario.DeliverAsync(functions, StorageNames.Queues.Certificates, body);
        }

        var status = await PipelineHost.JsonAsync(await provider.GetAsync($"api/uploads/{uploadId}"));
        Assert.Equal(valid, Scenario.Accepted(sendGrid, "certificate").Count);
        Assert.True(valid == status["emailed"]!.GetValue<int>(), status.ToJsonString());
        Assert.Equal(0, status["emailFailed"]!.GetValue<int>());
        await Scenario.AssertIssuedOnceAsync(host, sendGrid, "count-school", valid);
    }
}
