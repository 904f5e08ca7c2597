using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Events;
using Nmo.Core.Uploads;

namespace Nmo.Functions.Http;

/// <summary>
/// What a provider lists: its events, an event's uploads, an event's attendees (codes masked). Every list is paged with
/// <c>pageSize</c> and the <c>continuationToken</c> of the previous page.
/// </summary>
public sealed class ListingFunctions(ProviderRoutes routes, EventQueryService events, UploadQueryService uploads, AttendeeSearchService attendees)
{
    [Function("ListEvents")]
    public Task<IActionResult> ListEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events")] HttpRequest req,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
            events.ListAsync(provider, req.Query["pageSize"], req.Query["continuationToken"], language, cancellationToken)
                .AnswerAsync(page => HttpApi.Json(page)),
            cancellationToken);

    [Function("ListUploads")]
    public Task<IActionResult> ListUploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/uploads")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
            uploads.ListAsync(provider, eventId, req.Query["pageSize"], req.Query["continuationToken"], language, cancellationToken)
                .AnswerAsync(page => HttpApi.Json(page)),
            cancellationToken);

    [Function("FindAttendees")]
    public Task<IActionResult> FindAttendees(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/events/{eventId}/attendees")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken) =>
        routes.HandleAsync(req, (provider, language) =>
            attendees.FindAsync(provider, eventId, req.Query["q"], req.Query["pageSize"], req.Query["continuationToken"], language, cancellationToken)
                .AnswerAsync(page => HttpApi.Json(page)),
            cancellationToken);
}
