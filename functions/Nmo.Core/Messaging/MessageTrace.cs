using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nmo.Core.Telemetry;

namespace Nmo.Core.Messaging;

/// <summary>
/// W3C trace context in queue messages: the sender adds <c>traceparent</c>/<c>tracestate</c> next to the message's
/// own fields, the receiving host restores them as the parent of the handler's span. So one upload is one trace
/// from its POST through code issuance to the e-mail SendGrid accepted. The message records do not declare the
/// fields (they are transport, not content), and a message sent before this, without them, starts a trace of its own.
/// </summary>
public static class MessageTrace
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>The span of one send; its context is what <see cref="Inject"/> writes.</summary>
    public static Activity? StartSend(string queue)
    {
        var activity = NmoTelemetry.Source.StartActivity($"send {queue}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "azure_storage_queues");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", queue);
        return activity;
    }

    /// <summary>Adds the activity's context to a message body; a body that is not a JSON object is left as it is.</summary>
    public static void Inject(JsonNode? body, Activity? activity)
    {
        if (body is not JsonObject fields || activity is null)
        {
            return;
        }

        fields[TraceParent] = activity.Id;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            fields[TraceState] = activity.TraceStateString;
        }
    }

    /// <summary>
    /// The span of one delivery to <paramref name="function"/>, a child of the context the message carries. The
    /// host's own span, if any, is linked rather than the parent: it belongs to the poll, not to the piece of work.
    /// </summary>
    public static Activity? StartProcess(string queue, string function, string? body)
    {
        var carried = Extract(body);
        var current = Activity.Current;
        IEnumerable<ActivityLink>? links = carried is not null && current is not null ? [new ActivityLink(current.Context)] : null;
        var activity = NmoTelemetry.Source.StartActivity(
            $"process {queue}",
            ActivityKind.Consumer,
            carried ?? current?.Context ?? default,
            links: links);
        activity?.SetTag("messaging.system", "azure_storage_queues");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", queue);
        activity?.SetTag("faas.name", function);
        return activity;
    }

    /// <returns>The carried context, or null when the body has none (an older message) or it is not valid.</returns>
    public static ActivityContext? Extract(string? body)
    {
        if (string.IsNullOrEmpty(body) || !body.Contains(TraceParent, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty(TraceParent, out var parent) || parent.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var state = document.RootElement.TryGetProperty(TraceState, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            return ActivityContext.TryParse(parent.GetString(), state, isRemote: true, out var context) ? context : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
