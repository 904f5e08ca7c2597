namespace Nmo.Core.Common;

/// <summary>
/// One page of a list. <paramref name="ContinuationToken"/> is opaque to callers and null on the last page; a page may
/// hold fewer items than asked for (even none) while a token still says there is more.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
