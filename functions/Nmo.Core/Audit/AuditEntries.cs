using System.Text.Json;
using System.Text.RegularExpressions;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Email;
using Nmo.Core.Events;
using Nmo.Core.Plan;

namespace Nmo.Core.Audit;

/// <summary>
/// Builds the audit records of the changes the services make, in one place, so each kind of change is described
/// (and masked) the same way wherever it happens.
/// </summary>
public static partial class AuditEntries
{
    public static string Provider(string providerId) => "provider:" + providerId;

    public static string Doctor(string doctorId) => "doctor:" + doctorId;

    /// <summary>A code's change of state; the key holds the code's hash and the new state, so one state is recorded once.</summary>
    public static AuditRecord Code(string action, string actor, CodeRecord? before, CodeRecord after, DateTimeOffset at, string? reason = null, string? keySuffix = null) =>
        new(after.EventId, $"{action}|{after.CodeHash}{(keySuffix is null ? string.Empty : "|" + keySuffix)}", at, actor, action,
            after.DoctorId ?? before?.DoctorId, after.CodeHash, before is null ? null : CodeState(before), CodeState(after), Mask(reason));

    /// <summary>A re-issue: the attendee's old code is replaced by a new one (both named by hash only).</summary>
    public static AuditRecord Reissue(string actor, string eventId, string oldHash, string newHash, DateTimeOffset at) =>
        new(eventId, $"{AuditActions.CodeReissued}|{newHash}", at, actor, AuditActions.CodeReissued, null, newHash,
            Json(new { codeHash = oldHash }), Json(new { codeHash = newHash, status = CodeStatus.Issued }));

    /// <summary>
    /// An event registered or changed, or null when the save changed nothing; the key holds the stored version,
    /// which a repeat of the change does not make again.
    /// </summary>
    public static AuditRecord? Event(string actor, EventRecord? before, EventRecord after, string version)
    {
        var action = before is null ? AuditActions.EventCreated : AuditActions.EventUpdated;
        var was = before is null ? null : EventState(before);
        var now = EventState(after);
        return was == now ? null : new(after.EventId, $"{action}|{Ids.Digest(version)}", after.UpdatedAt, actor, action, null, null, was, now);
    }

    /// <summary>The first codes of an event are issued: from now on what its certificates state is fixed.</summary>
    public static AuditRecord EventLocked(string actor, string eventId, DateTimeOffset at) =>
        new(eventId, AuditActions.EventLocked, at, actor, AuditActions.EventLocked, null, null, null, Json(new { locked = new[] { "kind", "credits", "startDate", "endDate" } }));

    /// <summary>A ledger entry written: a credit, a module completion or a reversal, recorded once per entry.</summary>
    public static AuditRecord Ledger(string action, string actor, LedgerEntry entry) =>
        new(entry.ActivityId, $"{action}|{entry.DoctorId}|{entry.EntryId}", entry.CreditedAt, actor, action, entry.DoctorId, entry.CodeHash, null,
            Json(new { entryId = entry.EntryId, kind = entry.Kind, credits = entry.Credits, date = entry.Date, reversalOf = entry.ReversalOf, code = entry.MaskedCode }),
            Mask(entry.Reason));

    /// <summary>Free text as the audit keeps it: addresses and codes masked as logs mask them, and no СНИЛС.</summary>
    public static string? Mask(string? text) => text is null ? null : SnilsPattern().Replace(LogMask.Redact(text), "***-***-*** **");

    private static string CodeState(CodeRecord code) =>
        Json(new { status = code.Status, doctorId = code.DoctorId, activatedAt = code.ActivatedAt });

    private static string EventState(EventRecord ev) =>
        Json(new { title = ev.Title, kind = ev.Kind, startDate = ev.StartDate, endDate = ev.EndDate, place = ev.Place, credits = ev.Credits });

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [GeneratedRegex(@"(?<!\d)\d{3}[- ]?\d{3}[- ]?\d{3}[- ]?\d{2}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SnilsPattern();
}
