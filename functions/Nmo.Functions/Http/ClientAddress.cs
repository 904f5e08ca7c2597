using Microsoft.AspNetCore.Http;

namespace Nmo.Functions.Http;

/// <summary>Who is calling, for counting a client's look-ups.</summary>
public static class ClientAddress
{
    /// <summary>
    /// Azure's front ends append the address they saw to <c>X-Forwarded-For</c>, so its last entry is the one a
    /// client cannot choose (earlier entries are whatever the client sent); without it, the connection's address.
    /// </summary>
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (!string.IsNullOrEmpty(last))
        {
            return StripPort(last);
        }

        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    private static string StripPort(string address)
    {
        // "1.2.3.4:5678" and "[::1]:5678" carry a port; a bare IPv6 address has colons but no brackets.
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? address[1..close] : address;
        }

        return address.Count(c => c == ':') == 1 ? address[..address.IndexOf(':', StringComparison.Ordinal)] : address;
    }
}
