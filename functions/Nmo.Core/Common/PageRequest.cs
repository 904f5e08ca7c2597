using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Nmo.Core.Localization;

namespace Nmo.Core.Common;

/// <summary>
/// How many items a caller wants and where to go on, as checked query parameters. The storage's own continuation
/// token travels base64url-encoded, so it is safe in a URL and a caller cannot mistake it for something to edit.
/// </summary>
public sealed record PageRequest(int Size, string? StorageToken)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static Result<PageRequest> Parse(string? pageSize, string? continuationToken, Language language)
    {
        var size = DefaultSize;
        if (!string.IsNullOrEmpty(pageSize) &&
            (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxSize))
        {
            return Problem.Of(ProblemType.QueryInvalid, language, "pageSize", $"1…{MaxSize}");
        }

        if (string.IsNullOrEmpty(continuationToken))
        {
            return new PageRequest(size, null);
        }

        try
        {
            return new PageRequest(size, Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuationToken)));
        }
        catch (FormatException)
        {
            return InvalidToken(language);
        }
    }

    public static string? Encode(string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storageToken));

    public static Problem InvalidToken(Language language) =>
        Problem.Of(ProblemType.QueryInvalid, language, "continuationToken", Texts.Get("reason.token-invalid", language));
}
