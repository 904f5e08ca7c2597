using Nmo.Core.Codes;

namespace Nmo.Core.Tests.Common.Fakes;

/// <summary>
/// Codes as the table store keeps them: a replacement is conditional on the ETag it was read with, and every
/// successful write gives a new ETag. <see cref="BeforeNextReplace"/> lets a test land a concurrent writer between
/// a service's read and its write.
/// </summary>
public sealed class InMemoryCodeStore : ICodeStore
{
    private readonly Dictionary<string, CodeRecord> stored = [];
    private int version;

    /// <summary>Every record a conditional replacement wrote, in order.</summary>
    public List<CodeRecord> Replaced { get; } = [];

    /// <summary>Every record added, in order.</summary>
    public List<CodeRecord> Added { get; } = [];

    /// <summary>Runs once, inside the next replacement, before its ETag is compared.</summary>
    public Action? BeforeNextReplace { get; set; }

    public CodeRecord? this[string codeHash] => stored.GetValueOrDefault(codeHash);

    /// <summary>Stores (or overwrites) a record as another writer would, giving it a new ETag.</summary>
    public CodeRecord Put(CodeRecord code)
    {
        var written = code with { ETag = NextETag() };
        stored[code.CodeHash] = written;
        return written;
    }

    public Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken) =>
        Task.FromResult(stored.GetValueOrDefault(codeHash));

    public Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken)
    {
        var collisions = new List<string>();
        foreach (var code in codes)
        {
            if (stored.TryGetValue(code.CodeHash, out var existing))
            {
                if (existing.AttendeeKey != code.AttendeeKey)
                {
                    collisions.Add(code.CodeHash);
                }

                continue;
            }

            Added.Add(code);
            Put(code);
        }

        return Task.FromResult<IReadOnlyList<string>>(collisions);
    }

    public Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken)
    {
        var concurrent = BeforeNextReplace;
        BeforeNextReplace = null;
        concurrent?.Invoke();
        if (!stored.TryGetValue(code.CodeHash, out var current) || current.ETag != code.ETag)
        {
            return Task.FromResult(false);
        }

        Replaced.Add(code);
        Put(code);
        return Task.FromResult(true);
    }

    private string NextETag() => $"code-etag-{++version}";
}
