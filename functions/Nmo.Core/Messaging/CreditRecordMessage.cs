using System.Text.Json.Serialization;

namespace Nmo.Core.Messaging;

/// <summary>
/// Outbound record of credited hours for downstream systems (the Ministry portal), on the <c>credit-events</c>
/// queue. <see cref="CreditRecordId"/> is stable for one ledger entry, so consumers can drop repeats: delivery is at
/// least once. Consumers read the JSON names, so those stay as first published.
/// </summary>
public sealed record CreditRecordMessage(
    [property: JsonPropertyName("creditEventId")] string CreditRecordId,
    string DoctorId,
    string Kind,
    string ActivityId,
    string ProviderId,
    decimal Credits,
    DateTimeOffset CreditedAt);
