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
        CancellationToken cancellationToken) =>
        routes.HandleJsonAsync<EventRequest>(req, (provider, body, language) =>
            events.SaveAsync(provider, eventId, body, language, cancellationToken)
                .AnswerAsync(saved => HttpApi.Json(saved.Event, saved.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK)),
            cancellationToken);
}
