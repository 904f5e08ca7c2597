using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// Rotates the local credential signing keys that <c>nmo serve</c> made under .nmo/. In Azure the postprovision
/// hook does the same to the Key Vault secret (<c>CREDENTIALS_SIGNING_KEY_ROTATE=true</c>, docs/deploy.md).
/// </summary>
public static class KeysCommand
{
    public static int RotateSigning()
    {
        var workDirectory = Path.Combine(Directory.GetCurrentDirectory(), ".nmo");
        var ring = LocalEnvironment.RotateDevelopmentSigningKeys(workDirectory);
        Console.WriteLine($"New signing key {ring.Current.Thumbprint}; {ring.Keys.Count} key(s) published in {LocalEnvironment.DevelopmentSigningKeysPath(workDirectory)}.");
        Console.WriteLine("Restart 'nmo serve' to sign with it; credentials signed before still verify with the older keys.");
        return 0;
    }
}
