namespace Nmo.Core.Codes;

/// <summary>Turns a code into the value it is looked up by, so that storage never holds codes in plaintext.</summary>
public interface ICodeHasher
{
    /// <summary>Lower-case hex HMAC-SHA256 of the canonical code; the same code always gives the same hash.</summary>
    string Hash(string canonicalCode);
}
