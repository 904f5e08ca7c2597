using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Nmo.Azurite;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Testing;

namespace Nmo.Infrastructure.Tests.Storage;

/// <summary>
/// The one rule by which a failure is "storage is down or busy, try later" (answered 503 with Retry-After) rather
/// than an answer about the data or a bug: what the SDK really throws at a closed port and what Azurite answers,
/// and storage's busy answers, which Azurite never gives.
/// </summary>
public sealed class StorageOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Storage_that_refuses_connections_is_an_outage_and_the_call_fails_within_seconds()
    {
        var clients = new StorageClients(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageNames.Connection] = AzuriteConnectionStrings.For(ClosedPort(), ClosedPort(), ClosedPort()) })
            .Build());
        var started = DateTime.UtcNow;

        var failure = await Record.ExceptionAsync(() => clients.Table(StorageNames.Tables.Events).GetEntityIfExistsAsync<TableEntity>("p", "r"));

        Assert.NotNull(failure);
        Assert.True(StorageOutage.Is(failure), $"{failure.GetType().Name}: {StorageOutage.Describe(failure)}");
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0, 5);
    }

    [Fact]
    public async Task What_azurite_answers_about_the_data_is_not_an_outage()
    {
        var table = azurite.Clients().Table("outage" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var conflict = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "nobody"));
        var changed = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), new ETag("W/\"datetime'2001-01-01T00%3A00%3A00.0000000Z'\"")));

        Assert.Equal((409, 404, 412), (conflict.Status, missing.Status, changed.Status));
        Assert.False(StorageOutage.Is(conflict));
        Assert.False(StorageOutage.Is(missing));
        Assert.False(StorageOutage.Is(changed));
    }

    [Theory]
    [InlineData(503, "ServerBusy")]
    [InlineData(503, null)]
    [InlineData(429, null)]
    [InlineData(500, "OperationTimedOut")]
    [InlineData(502, null)]
    [InlineData(504, null)]
    [InlineData(408, null)]
    public void Storage_shedding_load_is_an_outage(int status, string? errorCode) =>
        Assert.True(StorageOutage.Is(new RequestFailedException(status, "busy", errorCode, null)));

    [Theory]
    [InlineData(400, "InvalidInput")]
    [InlineData(403, "AuthorizationFailure")]
    [InlineData(404, "ResourceNotFound")]
    [InlineData(409, "EntityAlreadyExists")]
    [InlineData(412, "UpdateConditionNotSatisfied")]
    [InlineData(500, "InternalError")]
    public void An_answer_about_the_request_or_the_data_is_not_an_outage(int status, string errorCode) =>
        Assert.False(StorageOutage.Is(new RequestFailedException(status, "no", errorCode, null)));

    [Fact]
    public void Transport_failures_are_an_outage_however_the_sdk_wraps_them()
    {
        var refused = new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused), HttpStatusCode.ServiceUnavailable);
        var dns = new HttpRequestException(HttpRequestError.NameResolutionError, "no such host", new SocketException((int)SocketError.HostNotFound));
        var noAnswer = new RequestFailedException(0, "no answer", refused);

        Assert.True(StorageOutage.Is(noAnswer));
        Assert.True(StorageOutage.Is(dns));
        Assert.True(StorageOutage.Is(new IOException("connection reset")));
        Assert.True(StorageOutage.Is(new AggregateException("Retry failed after 4 tries.", noAnswer, new RequestFailedException(503, "busy", "ServerBusy", null))));
        Assert.True(StorageOutage.Is(new InvalidOperationException("wrapped", noAnswer)));
    }

    [Fact]
    public void Retries_that_ended_on_an_answer_about_the_data_are_not_an_outage()
    {
        var mixed = new AggregateException(new RequestFailedException(0, "no answer"), new RequestFailedException(409, "exists", "EntityAlreadyExists", null));

        Assert.False(StorageOutage.Is(mixed));
        Assert.False(StorageOutage.Is(new AggregateException()));
    }

    [Fact]
    public void A_time_out_is_an_outage_but_the_callers_own_cancellation_is_not()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var timeout = new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout of 0:00:10.");

        Assert.True(StorageOutage.Is(timeout));
        Assert.True(StorageOutage.Is(timeout, CancellationToken.None));
        Assert.False(StorageOutage.Is(timeout, cancelled.Token));
    }

    [Fact]
    public void Bugs_are_not_an_outage()
    {
        Assert.False(StorageOutage.Is(new InvalidOperationException("bug")));
        Assert.False(StorageOutage.Is(new ArgumentException("bad")));
        Assert.False(StorageOutage.Is(new KeyNotFoundException("missing text")));
        Assert.False(StorageOutage.Is(null));
    }

    [Fact]
    public void The_description_for_logs_names_what_failed_without_the_messages()
    {
        var failure = new AggregateException(
            new RequestFailedException(503, "Filter: Email eq 'ivanov@clinic.example'", "ServerBusy", null),
            new RequestFailedException(0, "Connection refused (127.0.0.1:10002) ivanov@clinic.example", new HttpRequestException(HttpRequestError.ConnectionError, "refused")));

        var description = StorageOutage.Describe(failure);

        Assert.Contains("2 tries failed", description, StringComparison.Ordinal);
        Assert.Contains("no answer from storage", description, StringComparison.Ordinal);
        Assert.Contains("ConnectionError", description, StringComparison.Ordinal);
        Assert.DoesNotContain("ivanov", description, StringComparison.Ordinal);
        Assert.Equal("storage answered 503 ServerBusy", StorageOutage.Describe(new RequestFailedException(503, "ivanov@clinic.example", "ServerBusy", null)));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
