using Nmo.Core.Certificates;

namespace Nmo.Core.Tests.Certificates;

public sealed class CertificateIdTests
{
    [Fact]
    public void Ids_are_url_safe_128_bit_and_never_repeat()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => CertificateIds.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{22}$", id));
        Assert.All(ids, id => Assert.True(CertificateIds.IsWellFormed(id)));

        // 22 base64url characters carry 132 bits; every position varies, so none is fixed padding.
        Assert.All(Enumerable.Range(0, 21), i => Assert.True(ids.Select(id => id[i]).Distinct().Count() > 32));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAA+/")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAB")]
    [InlineData("../../../../etc/passwd!")]
    public void Anything_else_is_not_an_id(string? id) => Assert.False(CertificateIds.IsWellFormed(id));
}
