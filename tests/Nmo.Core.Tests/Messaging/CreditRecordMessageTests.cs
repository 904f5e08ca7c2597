using System.Text.Json;
using Nmo.Core.Messaging;
using Nmo.Core.Storage;

namespace Nmo.Core.Tests.Messaging;

/// <summary>Downstream systems read the outbound credit records by their JSON names and queue name: both stay as published.</summary>
public sealed class CreditRecordMessageTests
{
    [Fact]
    public void A_credit_record_is_written_with_the_names_consumers_read()
    {
        var message = new CreditRecordMessage("doc-1|event|ev-1", "doc-1", "event", "ev-1", "prv-1", 6m, new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

        var json = JsonSerializer.Serialize(message, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal(
            """{"creditEventId":"doc-1|event|ev-1","doctorId":"doc-1","kind":"event","activityId":"ev-1","providerId":"prv-1","credits":6,"creditedAt":"2026-11-25T10:00:00+00:00"}""",
            json);
        Assert.Equal(message, JsonSerializer.Deserialize<CreditRecordMessage>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        Assert.Equal("credit-events", StorageNames.Queues.CreditRecords);
    }
}
