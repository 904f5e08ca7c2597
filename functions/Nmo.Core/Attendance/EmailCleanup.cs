namespace Nmo.Core.Attendance;

/// <summary>What was taken off an e-mail cell to leave the address.</summary>
[Flags]
internal enum EmailFix
{
    None = 0,

    /// <summary><c>mailto:ivanov@mail.ru</c>: a hyperlink's target pasted as text.</summary>
    Mailto = 1,

    /// <summary><c>Иванов И. &lt;ivanov@mail.ru&gt;</c>: copied from a mail program's address field.</summary>
    AngleBrackets = 2,
}

/// <summary>
/// E-mail cells as they come from mail programs and hyperlinks. Only forms whose address is unmistakable are
/// taken apart; the file reports each kind of change, so nothing changes silently.
/// </summary>
internal static class EmailCleanup
{
    private const string Mailto = "mailto:";

    public static string Clean(string value, out EmailFix fix)
    {
        fix = EmailFix.None;
        var s = value;
        var open = s.LastIndexOf('<');
        if (open >= 0 && s.EndsWith('>') && s.IndexOf('>', open) == s.Length - 1)
        {
            var inside = s[(open + 1)..^1].Trim();
            var outside = s[..open];
            if (inside.Contains('@', StringComparison.Ordinal) && !outside.Contains('@', StringComparison.Ordinal) && !outside.Contains('<', StringComparison.Ordinal))
            {
                s = inside;
                fix |= EmailFix.AngleBrackets;
            }
        }

        if (s.StartsWith(Mailto, StringComparison.OrdinalIgnoreCase))
        {
            s = s[Mailto.Length..].Trim();

            // A mailto link may carry a subject or a body after the address.
            var query = s.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0)
            {
                s = s[..query];
            }

            fix |= EmailFix.Mailto;
        }

        return s;
    }
}
