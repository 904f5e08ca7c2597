using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Nmo.Infrastructure.Tables;

/// <summary>Conversions for values Table Storage has no type for (dates, decimals, lists).</summary>
internal static class EntityValues
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Date(TableEntity entity, string name) =>
        DateOnly.ParseExact(entity.GetString(name), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static decimal Number(TableEntity entity, string name) =>
        decimal.Parse(entity.GetString(name) ?? "0", CultureInfo.InvariantCulture);

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static T FromJson<T>(TableEntity entity, string name, T fallback) =>
        entity.GetString(name) is { Length: > 0 } text ? JsonSerializer.Deserialize<T>(text, Json) ?? fallback : fallback;

    public static string? ETagOf(TableEntity entity) => entity.ETag == default ? null : entity.ETag.ToString();

    public static ETag ETag(string? value) => value is null ? Azure.ETag.All : new ETag(value);
}
