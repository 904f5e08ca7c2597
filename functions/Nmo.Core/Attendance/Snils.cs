namespace Nmo.Core.Attendance;

/// <summary>СНИЛС (Russian insurance number): 9 digits and a 2-digit control sum, written <c>123-456-789 01</c> or <c>12345678901</c>.</summary>
public static class Snils
{
    public const string Invalid = "snils.invalid";
    public const string Checksum = "snils.checksum";

    /// <summary>Normalises to <c>123-456-789 01</c>; returns null on success, else the issue code.</summary>
    public static string? TryNormalize(string? value, out string normalized)
    {
        normalized = string.Empty;
        Span<char> digits = stackalloc char[11];
        var code = Check(value.AsSpan(), digits);
        if (code is null)
        {
            normalized = $"{digits[..3]}-{digits[3..6]}-{digits[6..9]} {digits[9..]}";
        }

        return code;
    }

    /// <summary>
    /// The check of <see cref="TryNormalize"/> on characters held anywhere: null when valid, with the 11 digits in
    /// <paramref name="digits"/>, else the issue code.
    /// </summary>
    internal static string? Check(ReadOnlySpan<char> value, Span<char> digits)
    {
        var count = 0;
        var separators = false;
        foreach (var c in value.Trim())
        {
            if (c is >= '0' and <= '9')
            {
                if (count == 11)
                {
                    return Invalid;
                }

                digits[count++] = c;
            }
            else if (c is '-' or ' ' or '\u00A0' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014')
            {
                separators = true;
            }
            else
            {
                return Invalid;
            }
        }

        if (count != 11)
        {
            // Excel stores an unformatted SNILS as a number and drops its leading zeros; the control sum
            // still guards the padded value.
            if (separators || count < 9)
            {
                return Invalid;
            }

            var pad = 11 - count;
            digits[..count].CopyTo(digits[pad..]);
            digits[..pad].Fill('0');
        }

        return ChecksumOk(digits) ? null : Checksum;
    }

    public static bool IsValid(string? value) => TryNormalize(value, out _) is null;

    private static bool ChecksumOk(ReadOnlySpan<char> digits)
    {
        var number = 0;
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var d = digits[i] - '0';
            number = (number * 10) + d;
            sum += d * (9 - i);
        }

        // Numbers up to 001-001-998 were issued before the control sum existed.
        if (number <= 1001998)
        {
            return true;
        }

        var control = sum switch
        {
            < 100 => sum,
            100 or 101 => 0,
            _ => sum % 101 == 100 ? 0 : sum % 101,
        };
        return control == ((digits[9] - '0') * 10) + (digits[10] - '0');
    }
}
