using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Common;

public sealed class ResultTests
{
    [Fact]
    public void A_value_and_a_problem_each_become_a_result_of_their_own_kind()
    {
        Result<string> ok = "value";
        Result<string> refused = Problem.Of(ProblemType.BodyMissing, Language.En);

        Assert.Equal(("value", null), (ok.Value, ok.Problem));
        Assert.Equal("body.missing", refused.Problem?.Code);
        Assert.Equal("ok:value", ok.Match(v => "ok:" + v, p => "problem:" + p.Code));
        Assert.Equal("problem:body.missing", refused.Match(v => "ok:" + v, p => "problem:" + p.Code));
    }

    [Fact]
    public void Reading_the_value_of_a_problem_fails_loudly_but_printing_it_does_not()
    {
        Result<string> refused = Problem.Of(ProblemType.BodyMissing, Language.En);

        var error = Assert.Throws<InvalidOperationException>(() => refused.Value);
        Assert.Contains("body.missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("body.missing", refused.ToString(), StringComparison.Ordinal);
    }
}
