using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Nmo.Core.Events;

namespace Nmo.Functions.Http;

public sealed class EventFunctions(ProviderAuthenticator auth, EventService events)
{
    [Function("PutEvent")]
    public async Task<IActionResult> PutEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "events/{eventId}")] HttpRequest req,
        string eventId,
        CancellationToken cancellationToken)
    {
        var (provider, denied) = await auth.AuthenticateAsync(req, cancellationToken);
        if (denied is not null)
        {
            return denied;
        }

        var (body, error) = await HttpApi.ReadJsonAsync<EventRequest>(req, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        return await events.SaveAsync(provider!, eventId, body!, HttpApi.LanguageOf(req), cancellationToken) switch
        {
            EventSaveResult.Saved saved => HttpApi.Json(saved.Event, saved.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
            EventSaveResult.Failed failed => HttpApi.Problem(failed.Problem),
            _ => throw new InvalidOperationException(),
        };
    }
}
