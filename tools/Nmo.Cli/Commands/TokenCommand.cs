using Nmo.Core.Access;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// Prints an access token of the development issuer that <c>nmo serve --dev-auth</c> trusts, for the roles asked:
/// what the portal or an operator gets from Entra ID with client credentials in Azure.
/// </summary>
public static class TokenCommand
{
    public static int Run(IReadOnlyList<string> roles, int minutes)
    {
        var unknown = roles.Where(r => !AccessRoles.All.Contains(r)).ToList();
        if (roles.Count == 0 || unknown.Count > 0 || minutes < 1)
        {
            Console.Error.WriteLine($"nmo token: roles are {string.Join(", ", AccessRoles.All)}{(unknown.Count > 0 ? $" (not {string.Join(", ", unknown)})" : string.Empty)}.");
            Console.Error.WriteLine("usage: nmo token --role Portal|Operator [--role ...] [--minutes 60]");
            return 2;
        }

        using var issuer = DevelopmentIssuer.LoadOrCreate(DevelopmentIssuer.KeyPath(Path.Combine(Directory.GetCurrentDirectory(), ".nmo")));
        Console.WriteLine(issuer.CreateToken(roles, TimeSpan.FromMinutes(minutes)));
        Console.Error.WriteLine($"Send it as 'Authorization: Bearer ...' to 'nmo serve --dev-auth'; it expires in {minutes} minutes.");
        return 0;
    }
}
