using Azure;
using NmoPage = Nmo.Core.Common;
using Azure.Data.Tables;

namespace Nmo.Infrastructure.Tables;

/// <summary>
/// Table queries read page by page with the storage's continuation token; a token the storage refuses (400, not one
/// it gave out) is answered as null, which the core turns into a problem for the caller.
/// </summary>
internal static class TablePages
{
    /// <summary>
    /// Storage pages of <paramref name="query"/> from <paramref name="token"/>, keeping what <paramref name="keep"/> turns into
    /// an item, until <paramref name="pageSize"/> are kept or the query ends. Each storage page is asked for no more
    /// entities than are still missing, so a page never holds more than <paramref name="pageSize"/> items and the token
    /// returned always points just past the last entity read.
    /// </summary>
    public static async Task<NmoPage.Page<T>?> ReadAsync<T>(
        Func<string?, int, IAsyncEnumerable<Azure.Page<TableEntity>>> query, Func<TableEntity, T?> keep, int pageSize, string? token,
        CancellationToken cancellationToken)
        where T : class
    {
        var items = new List<T>();
        try
        {
            while (true)
            {
                var page = await query(token, pageSize - items.Count).FirstOrDefaultAsync(cancellationToken);
                if (page is null)
                {
                    return new NmoPage.Page<T>(items, null);
                }

                items.AddRange(page.Values.Select(keep).OfType<T>());
                token = page.ContinuationToken;
                if (items.Count >= pageSize || token is null)
                {
                    return new NmoPage.Page<T>(items, token);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 400 && token is not null)
        {
            return null;
        }
    }

    public static Func<string?, int, IAsyncEnumerable<Azure.Page<TableEntity>>> Query(TableClient table, string filter) =>
        (token, size) => table.QueryAsync<TableEntity>(filter, maxPerPage: size).AsPages(token, size);
}
