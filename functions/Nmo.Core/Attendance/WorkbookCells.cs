using System.Globalization;

namespace Nmo.Core.Attendance;

/// <summary>
/// Cell values as a person sees them in the spreadsheet: 65 not "65.0", a date as a date, a duration as h:mm,
/// a number shown with leading zeros (format <c>00000000000</c>, as СНИЛС is kept) with its zeros.
/// </summary>
internal static class WorkbookCells
{
    public static string Text(object? value, string? numberFormat) => value switch
    {
        null => string.Empty,
        string s => s,
        double d => Number(d, numberFormat),
        int i => Number(i, numberFormat),
        long l => Number(l, numberFormat),
        decimal m => Number((double)m, numberFormat),
        bool b => b ? "TRUE" : "FALSE",
        DateTime t => Date(t),
        TimeSpan span => $"{(int)span.TotalHours}:{span.Minutes:00}",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string Number(double d, string? numberFormat)
    {
        var text = d.ToString("0.###############", CultureInfo.InvariantCulture);
        var digits = ZeroPadding(numberFormat);
        return digits > 0 && d >= 0 && d == Math.Floor(d) && text.Length < digits ? text.PadLeft(digits, '0') : text;
    }

    /// <summary>A format of zeros only (<c>00000000000</c>) pads the number to that many digits.</summary>
    private static int ZeroPadding(string? numberFormat) =>
        numberFormat is { Length: > 1 } f && f.All(c => c == '0') ? f.Length : 0;

    private static string Date(DateTime t)
    {
        // Excel's day zero: a time of day or a duration typed as h:mm.
        if (t.Date <= new DateTime(1900, 1, 1))
        {
            var span = t - new DateTime(1899, 12, 30);
            return $"{(int)span.TotalHours}:{span.Minutes:00}";
        }

        return t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : t.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);
    }
}
