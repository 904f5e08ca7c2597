namespace Nmo.LocalHost;

/// <summary>Functions that break the conventions the local host relies on; the message lists every problem.</summary>
public sealed class LocalFunctionConventionException(IReadOnlyList<string> problems)
    : InvalidOperationException(
        "The local host cannot run these functions as Azure would:" + Environment.NewLine +
        string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
