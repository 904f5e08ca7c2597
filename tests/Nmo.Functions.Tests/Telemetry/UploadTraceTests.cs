using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Configuration;
using Nmo.Core.Storage;
using Nmo.Testing;
using Nmo.Testing.Email;
using OpenTelemetry.Trace;

namespace Nmo.Functions.Tests.Telemetry;

/// <summary>One upload is one trace: its POST, code issuance and the SendGrid request, across both queue hops.</summary>
public sealed class UploadTraceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_uploads_POST_code_issuance_and_SendGrid_request_share_one_trace_across_the_queues()
    {
        await using var sendGrid = await FakeSendGridServer.StartAsync();
        var spans = new LockedList<Activity>();
        await using var host = await PipelineHost.StartAsync(
            azurite,
            new Dictionary<string, string?>
            {
                [SettingNames.SendGridApiKey] = FakeSendGridServer.ApiKey,
                [SettingNames.SendGridHost] = sendGrid.Host,
            },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var (_, provider) = await host.NewProviderAsync();
        var eventId = "ev-" + Guid.NewGuid().ToString("N")[..10];
        await Uploads.Uploads.CreateEventAsync(provider, eventId);

        // The caller's trace: other tests in this process emit spans too, so this trace id picks out this upload's.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/events/{eventId}/attendance")
        {
            Content = new ByteArrayContent(Uploads.Uploads.List("a@clinic.example", "b@clinic.example")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await provider.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var uploadId = (await PipelineHost.JsonAsync(response))["uploadId"]!.GetValue<string>();
        var status = await PipelineHost.WaitForUploadAsync(provider, uploadId);
        Assert.Equal(2, status["emailed"]!.GetValue<int>());

        await Eventually.WaitUntilAsync(
            () => spans.Snapshot().Any(s => s.TraceId == traceId && s.DisplayName == $"process {StorageNames.Queues.Certificates}"),
            "the certificate message's span is exported");
        var trace = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.GetTagItem("faas.name") is "UploadAttendance");
        Assert.Contains(trace, s => s.DisplayName == $"send {StorageNames.Queues.Uploads}" && s.Kind == ActivityKind.Producer);
        Assert.Contains(trace, s => s.DisplayName == $"process {StorageNames.Queues.Uploads}" && s.Kind == ActivityKind.Consumer);
        Assert.Contains(trace, s => s.DisplayName == $"send {StorageNames.Queues.Certificates}");
        Assert.Contains(trace, s => s.DisplayName == $"process {StorageNames.Queues.Certificates}" && s.GetTagItem("faas.name") is "SendCertificates");
        Assert.Contains(trace, s => s.DisplayName == "SendGrid mail/send" && s.Kind == ActivityKind.Client);

        // The request itself (HttpClient's span under the SendGrid one) and the storage calls the handlers made.
        Assert.Contains(trace, s => s.Source.Name == "System.Net.Http" && (s.GetTagItem("url.full") as string ?? string.Empty).Contains("/v3/mail/send", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal));
    }
}
