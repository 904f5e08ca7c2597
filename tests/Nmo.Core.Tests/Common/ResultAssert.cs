using Nmo.Core.Common;

namespace Nmo.Core.Tests.Common;

/// <summary>What a test of a core service asserts about its answer: a value, or a problem.</summary>
public static class ResultAssert
{
    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsOk, $"Expected a value, got the problem {result.Problem?.Code}: {result.Problem?.Detail}");
        return result.Value;
    }

    public static Problem Problem<T>(Result<T> result)
    {
        Assert.False(result.IsOk, $"Expected a problem, got the value {result}");
        return result.Problem;
    }
}
