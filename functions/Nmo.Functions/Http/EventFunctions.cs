using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Events;

namespace Nmo.Functions.Http;

public sealed class EventFunctions(ProviderRoutes routes, EventService events)
{
    [Function("PutEvent")]
    public Task<IActionResult> PutEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/events/{eventId}")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        var ifMatch = req.Headers.IfMatch.ToString() is { Length: > 0 } value ? value.Trim() : null;
        return routes.HandleJsonAsync<EventRequest>(req, (provider, body, language) =>
            events.SaveAsync(provider, eventId, body, ifMatch, language, cancellationToken)
                .AnswerAsync(saved => new VersionedResult(saved.Event, saved.Event.ETag, saved.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK)),
            cancellationToken);
    }

    [Function("GetEvent")]
    public Task<IActionResult> GetEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
            events.GetAsync(provider, eventId, language, cancellationToken)
                .AnswerAsync(ev => new VersionedResult(ev, ev.ETag, StatusCodes.Status200OK)),
            cancellationToken);
}
