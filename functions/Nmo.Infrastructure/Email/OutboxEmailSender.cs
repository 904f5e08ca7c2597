using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using Nmo.Core.Email;

namespace Nmo.Infrastructure.Email;

/// <summary>
/// The local stand-in for SendGrid: each recipient's message becomes an <c>.eml</c> file in
/// <see cref="EmailOptions.OutboxDirectory"/>, openable in any mail client. The file name comes from the recipient's
/// key, so sending the same logical e-mail again leaves the one file already there.
/// </summary>
public sealed class OutboxEmailSender : IEmailSender
{
    /// <summary>CRLF on every platform, as RFC 5322 requires of a message file.</summary>
    private static readonly FormatOptions Format = new() { NewLineFormat = NewLineFormat.Dos };

    private readonly EmailOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public OutboxEmailSender(EmailOptions options, TimeProvider time, ILogger<OutboxEmailSender>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.OutboxDirectory) ? new EmailOptions().OutboxDirectory : options.OutboxDirectory);
    }

    /// <summary>The absolute outbox path.</summary>
    public string Directory { get; }

    /// <summary>
    /// The file a key is written to: the key's safe characters (readable when browsing the outbox) plus a hash of the
    /// whole key, so two keys that differ only in unsafe characters never share a file.
    /// </summary>
    public static string FileNameFor(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var safe = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var readable = safe.ToString().Trim('.', '_');
        if (readable.Length > 80)
        {
            readable = readable[..80];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
        return readable.Length == 0 ? $"{hash}.eml" : $"{readable}-{hash}.eml";
    }

    public async Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        System.IO.Directory.CreateDirectory(Directory);
        var sent = new List<string>();
        var failures = new List<EmailFailure>();
        var written = 0;
        foreach (var recipient in batch.Recipients)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsValidAddress(recipient.Address))
            {
                logger.LogWarning("Not writing e-mail {Key}: invalid address {Address}", recipient.Key, LogMask.Email(recipient.Address));
                failures.Add(new EmailFailure(recipient.Key, "Invalid e-mail address.", Permanent: true));
                continue;
            }

            var path = Path.Combine(Directory, FileNameFor(recipient.Key));
            try
            {
                if (await WriteOnceAsync(path, Render(batch, recipient), cancellationToken).ConfigureAwait(false))
                {
                    written++;
                    logger.LogDebug("Wrote e-mail {Key} to {Address} into the outbox", recipient.Key, LogMask.Email(recipient.Address));
                }
                else
                {
                    logger.LogDebug("E-mail {Key} is already in the outbox; not written again", recipient.Key);
                }

                sent.Add(recipient.Key);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Could not write e-mail {Key} into the outbox", recipient.Key);
                failures.Add(new EmailFailure(recipient.Key, $"Could not write to the outbox: {ex.Message}", Permanent: false));
            }
        }

        logger.LogInformation(
            "Outbox {Directory}: {Written} new e-mail(s) of category {Category}, {Duplicates} already there, {Failed} failed",
            Directory, written, batch.Category, sent.Count - written, failures.Count);
        return new EmailSendResult(sent, failures);
    }

    internal static bool IsValidAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address) &&
        address.IndexOfAny(['\r', '\n', '<', '>']) < 0 &&
        MailAddress.TryCreate(address.Trim(), out var parsed) &&
        string.Equals(parsed.Address, address.Trim(), StringComparison.Ordinal);

    /// <summary>
    /// One RFC 5322 message, text then HTML as multipart/alternative. MimeKit encodes everything non-ASCII (RFC 2047
    /// words in headers, base64 bodies) and folds lines within 78 characters, so any mail client or parser reads it.
    /// </summary>
    private byte[] Render(EmailBatch batch, EmailRecipient recipient)
    {
        var content = EmailTemplates.Fill(batch.Content, recipient.Values);
        var domain = options.FromEmail.Contains('@', StringComparison.Ordinal) ? options.FromEmail[(options.FromEmail.LastIndexOf('@') + 1)..] : "nmo.local";

        // Derived from the key, like the file name: a rewritten message is the same message. The boundary too (MimeKit
        // would pick a random one), so the file depends on nothing but what it says.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipient.Key)));
        var body = new MultipartAlternative { Part("plain", content.Text), Part("html", content.Html) };
        body.Boundary = "=_nmo_" + id[32..56];
        var message = new MimeMessage { Date = time.GetUtcNow(), Subject = OneLine(content.Subject), MessageId = $"{id[..32]}@{domain}", Body = body };
        message.From.Add(new MailboxAddress(OneLine(options.FromName), options.FromEmail));
        message.To.Add(new MailboxAddress(OneLine(recipient.Name), recipient.Address.Trim()));
        message.Headers.Add("X-Nmo-Key", OneLine(recipient.Key));
        message.Headers.Add("X-Nmo-Category", OneLine(batch.Category));

        using var buffer = new MemoryStream();
        message.WriteTo(Format, buffer);
        return buffer.ToArray();

        static TextPart Part(string subtype, string body)
        {
            var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.Base64 };
            part.SetText(Encoding.UTF8, body.ReplaceLineEndings("\r\n"));
            return part;
        }
    }

    /// <summary>Line breaks and tabs in a header's text become single spaces (MimeKit would drop them, joining the words).</summary>
    private static string OneLine(string? value) =>
        string.Join(' ', (value ?? string.Empty).Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Writes to a temporary file and renames it, so a reader never sees half a message and a second writer of the same key loses cleanly.</summary>
    private static async Task<bool> WriteOnceAsync(string path, byte[] message, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, message, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
