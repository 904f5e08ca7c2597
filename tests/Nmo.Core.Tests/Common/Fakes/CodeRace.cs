namespace Nmo.Core.Tests.Common.Fakes;

/// <summary>
/// A concurrent writer that beats a service to the code it is about to replace, again and again: before each of
/// the next <c>times</c> replacements it rewrites the stored code (a new ETag, nothing else) and re-arms itself.
/// <see cref="Run"/> arms it; a test that starts the race later calls <see cref="Run"/> from its own hook.
/// </summary>
public sealed class CodeRace(InMemoryCodeStore codes, Func<string> codeHash, int times)
{
    public CodeRace(InMemoryCodeStore codes, string codeHash, int times)
        : this(codes, () => codeHash, times)
    {
    }

    /// <summary>How many times the writer got in first.</summary>
    public int Landed { get; private set; }

    public void Run()
    {
        codes.Put(codes[codeHash()]!);
        if (++Landed < times)
        {
            codes.BeforeNextReplace = Run;
        }
    }
}
