using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nmo.Core.Codes;

/// <summary>
/// The individual confirmation code (ИКП): <c>XXXX-XXXXXXXX</c>, 11 random symbols and a check symbol.
/// </summary>
/// <remarks>
/// The alphabet has 31 symbols (digits and Latin letters without I, L, O, U, Z, which people confuse with digits or
/// with V), so that arithmetic modulo the prime 31 is a field. The check symbol makes Σ i·v(i) ≡ 0 (mod 31) over the
/// twelve positions i = 1..12: a single wrong symbol changes the sum by i·d with 0 &lt; |d| &lt; 31, and swapping two
/// neighbours a, b changes it by (a − b)·1, neither of which is divisible by 31. So every such slip is reported as a
/// mistyped code instead of "unknown code". 11 symbols from 31 give log2(31^11) ≈ 54.5 bits of randomness; nothing
/// in a code refers to its event or provider.
/// </remarks>
public static class ConfirmationCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXY";

    /// <summary>Symbols in a code, without the hyphen.</summary>
    public const int SymbolCount = 12;

    /// <summary>Length of the canonical form, with the hyphen.</summary>
    public const int CanonicalLength = SymbolCount + 1;

    internal const int RandomSymbolCount = SymbolCount - 1;
    internal const int Modulus = 31;
    private const int HyphenAfter = 4;

    // Anything longer cannot be a mistyped code; refusing it early keeps NFKC off arbitrarily large input.
    private const int MaxInputLength = 1024;

    // 12 · 13 = 156 = 5 · 31 + 1, so dividing by the last weight is multiplying by 13.
    private const int InverseOfLastWeight = 13;

    private static readonly sbyte[] ValueOfAscii = BuildValueTable();

    /// <summary>A new random code in canonical form.</summary>
    public static string Generate()
    {
        Span<char> symbols = stackalloc char[SymbolCount];
        // GetItems draws each symbol uniformly (no modulo bias).
        RandomNumberGenerator.GetItems(Alphabet.AsSpan(), symbols[..RandomSymbolCount]);
        symbols[RandomSymbolCount] = CheckSymbolFor(symbols[..RandomSymbolCount]);
        return Format(symbols);
    }

    /// <summary>
    /// The one normaliser for typed, pasted or OCR-ed codes: Unicode NFKC, every separator dropped (spaces of any kind,
    /// hyphens and dashes, dots, slashes, zero-width characters…), upper case, Cyrillic look-alikes read as the Latin
    /// letters they resemble, and the letters left out of the alphabet read as what they resemble
    /// (O → 0, I → 1, L → 1, U → V, Z → 2). Returns the symbols only, of whatever length the input had.
    /// </summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return string.Empty;
        }

        var composed = ToNfkc(input);
        var result = new StringBuilder(Math.Min(composed.Length, SymbolCount + 4));
        foreach (var rune in composed.EnumerateRunes())
        {
            if (!Rune.IsLetterOrDigit(rune))
            {
                continue;
            }

            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
            {
                // Digits of other scripts (e.g. Arabic-Indic) carry the same value; NFKC leaves them alone.
                result.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
                continue;
            }

            var upper = Rune.ToUpperInvariant(rune);
            if (upper.IsBmp)
            {
                result.Append(ReadAs((char)upper.Value));
            }
            else
            {
                result.Append(upper.ToString());
            }
        }

        return result.ToString();
    }

    /// <summary>Normalises the input and checks length, alphabet and check symbol, in that order.</summary>
    public static CodeParseResult Parse(string? input)
    {
        if (input is not null && input.Length > MaxInputLength)
        {
            return new CodeParseResult(null, CodeProblem.WrongLength);
        }

        var symbols = Normalize(input);
        if (symbols.Length == 0)
        {
            return new CodeParseResult(null, CodeProblem.Empty);
        }

        if (symbols.Length != SymbolCount)
        {
            return new CodeParseResult(null, CodeProblem.WrongLength);
        }

        foreach (var symbol in symbols)
        {
            if (ValueOf(symbol) < 0)
            {
                return new CodeParseResult(null, CodeProblem.InvalidCharacter);
            }
        }

        return WeightedSum(symbols) % Modulus == 0
            ? new CodeParseResult(Format(symbols), CodeProblem.None)
            : new CodeParseResult(null, CodeProblem.CheckSymbolMismatch);
    }

    /// <summary>
    /// A code as it may appear in logs and reports: <c>****-****2345</c>. The input is normalised first; input that is
    /// not 12 symbols long shows at most its last four, and only when it is long enough that they say little.
    /// </summary>
    public static string Mask(string? code)
    {
        var symbols = Normalize(code);
        if (symbols.Length == 0)
        {
            return string.Empty;
        }

        if (symbols.Length == SymbolCount)
        {
            return "****-****" + symbols[^4..];
        }

        return symbols.Length > 8 ? "****" + symbols[^4..] : "****";
    }

    /// <summary>The symbol that completes eleven symbols to a valid code.</summary>
    internal static char CheckSymbolFor(ReadOnlySpan<char> elevenSymbols)
    {
        if (elevenSymbols.Length != RandomSymbolCount)
        {
            throw new ArgumentException($"Expected {RandomSymbolCount} symbols.", nameof(elevenSymbols));
        }

        var partial = WeightedSum(elevenSymbols) % Modulus;
        var value = (Modulus - partial) % Modulus * InverseOfLastWeight % Modulus;
        return Alphabet[value];
    }

    /// <summary>The position of a symbol in <see cref="Alphabet"/>, or −1.</summary>
    internal static int ValueOf(char symbol) => symbol < ValueOfAscii.Length ? ValueOfAscii[symbol] : -1;

    private static int WeightedSum(ReadOnlySpan<char> symbols)
    {
        var sum = 0;
        for (var i = 0; i < symbols.Length; i++)
        {
            var value = ValueOf(symbols[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{symbols[i]}' is not a code symbol.", nameof(symbols));
            }

            sum += (i + 1) * value;
        }

        return sum;
    }

    private static string Format(ReadOnlySpan<char> symbols) =>
        string.Concat(symbols[..HyphenAfter], "-", symbols[HyphenAfter..]);

    private static string ToNfkc(string input)
    {
        try
        {
            return input.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate makes Normalize throw; EnumerateRunes turns it into U+FFFD, which is dropped later.
            var repaired = new StringBuilder(input.Length);
            foreach (var rune in input.EnumerateRunes())
            {
                repaired.Append(rune.ToString());
            }

            return repaired.ToString().Normalize(NormalizationForm.FormKC);
        }
    }

    // Upper-case input only. Cyrillic capitals that look like Latin ones, and letters outside the alphabet that
    // look like a symbol inside it.
    private static char ReadAs(char upper) => upper switch
    {
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'У' => 'Y',
        'Х' => 'X',
        'О' or 'O' => '0',
        'З' => '3',
        'І' or 'I' or 'L' => '1',
        'U' => 'V',
        'Z' => '2',
        _ => upper,
    };

    private static sbyte[] BuildValueTable()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            table[Alphabet[i]] = (sbyte)i;
        }

        return table;
    }
}
