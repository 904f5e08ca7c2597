using Nmo.Core.Certificates;
using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Certificates;

/// <summary>
/// The holder's key to a certificate's full PDF: the same for the same certificate, different for every other one
/// and under every other server key, and nothing but the exact key opens it.
/// </summary>
public sealed class HolderKeyTests
{
    private static readonly CodeSecrets Secrets = new("holder-key-tests-0123456789abcdef0123456789");
    private const string Id = "q3Zf0Xx7kB2mYw9Lr4TnVw";

    [Fact]
    public void The_key_is_stable_per_certificate_128_bits_url_safe_and_opens_only_its_own_certificate()
    {
        var key = Secrets.For(Id);

        Assert.Equal(key, Secrets.For(Id));
        Assert.Matches("^[A-Za-z0-9_-]{22}$", key);
        Assert.True(Secrets.Matches(Id, key));
        Assert.NotEqual(key, Secrets.For("q3Zf0Xx7kB2mYw9Lr4TnVg"));
        Assert.False(Secrets.Matches("q3Zf0Xx7kB2mYw9Lr4TnVg", key));
        Assert.NotEqual(key, new CodeSecrets("another-server-key-0123456789abcdef012345").For(Id));
    }

    [Fact]
    public void A_missing_altered_truncated_or_padded_key_opens_nothing()
    {
        var key = Secrets.For(Id);
        var altered = key[..10] + (key[10] == 'x' ? 'y' : 'x') + key[11..];

        foreach (var wrong in new[] { null, string.Empty, altered, key[..21], key + "A", key + "==", "AAAAAAAAAAAAAAAAAAAAAA", "not base64 at all!!!!!" })
        {
            Assert.False(Secrets.Matches(Id, wrong), wrong);
        }
    }

}
