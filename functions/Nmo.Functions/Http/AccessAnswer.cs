using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Nmo.Core.Common;
using Nmo.Infrastructure.Access;

namespace Nmo.Functions.Http;

/// <summary>
/// The access check of a function marked <see cref="RequiresRoleAttribute"/>: the Functions app's
/// <c>AccessMiddleware</c> and the local host's HTTP pipeline both run it before the function, so the two cannot
/// drift apart. A refusal is answered here, as problem+json with <c>WWW-Authenticate</c> (RFC 6750 §3).
/// </summary>
public static class AccessAnswer
{
    public const string FunctionKeyHeader = "x-functions-key";
    private const string CallerItem = "nmo.access.caller";

    /// <summary>The role the function requires (on the method, else on its class), or null for an open function.</summary>
    public static string? RequiredRole(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return (method.GetCustomAttribute<RequiresRoleAttribute>() ?? method.DeclaringType?.GetCustomAttribute<RequiresRoleAttribute>())?.Role;
    }

    /// <returns>True when the caller was refused and the answer written; false when the function may run.</returns>
    public static async Task<bool> RefuseAsync(HttpContext context, string role, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(services);
        var request = context.Request;
        var key = request.Headers[FunctionKeyHeader].ToString();
        var decision = await services.GetRequiredService<AccessGate>().CheckAsync(
            role,
            request.Headers.Authorization.ToString(),
            key.Length > 0 ? key : request.Query["code"].ToString(),
            HttpApi.LanguageOf(request),
            cancellationToken);
        if (decision.Problem is not { } problem)
        {
            context.Items[CallerItem] = decision.Caller;
            return false;
        }

        HttpApi.NoStore(request);
        context.Response.Headers[HeaderNames.WWWAuthenticate] = Challenge(problem);
        await new ProblemResult(problem).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        return true;
    }

    /// <summary>Who passed the check of this request (<c>app:CLIENT-ID</c>, <c>key:ROLE</c>), for the audit.</summary>
    public static string CallerOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items[CallerItem] as string ?? AccessGate.Unchecked;
    }

    private static string Challenge(Problem problem) =>
        problem.Code == ProblemType.AccessTokenMissing.Code ? "Bearer"
        : problem.Status == StatusCodes.Status403Forbidden ? "Bearer error=\"insufficient_scope\""
        : problem.Status == StatusCodes.Status401Unauthorized ? "Bearer error=\"invalid_token\""
        : "Bearer";
}
