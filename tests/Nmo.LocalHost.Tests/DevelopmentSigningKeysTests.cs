using Nmo.Core.Credentials;

namespace Nmo.LocalHost.Tests;

/// <summary><c>nmo keys rotate-signing</c>'s file under .nmo/: a new key in front, the old ones kept, none readable by others.</summary>
public sealed class DevelopmentSigningKeysTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nmo-keys-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void A_rotation_puts_a_new_key_first_and_keeps_the_ones_before_it()
    {
        var first = LocalEnvironment.RotateDevelopmentSigningKeys(directory);
        var second = LocalEnvironment.RotateDevelopmentSigningKeys(directory);

        Assert.Single(first.Keys);
        Assert.Equal(2, second.Keys.Count);
        Assert.NotEqual(first.Current.Thumbprint, second.Current.Thumbprint);
        Assert.Equal(first.Current.Thumbprint, second.Keys[1].Thumbprint);
        var stored = SigningKeyRing.FromSetting(File.ReadAllText(LocalEnvironment.DevelopmentSigningKeysPath(directory)));
        Assert.Equal(second.Keys.Select(k => k.Thumbprint), stored.Keys.Select(k => k.Thumbprint));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LocalEnvironment.DevelopmentSigningKeysPath(directory)));
        }
    }

    [Fact]
    public void A_file_that_is_not_usable_is_refused_rather_than_replaced()
    {
        var path = LocalEnvironment.DevelopmentSigningKeysPath(directory);
        File.WriteAllText(path, "not a key");

        Assert.Throws<InvalidOperationException>(() => LocalEnvironment.RotateDevelopmentSigningKeys(directory));
        Assert.Equal("not a key", File.ReadAllText(path));
    }
}
