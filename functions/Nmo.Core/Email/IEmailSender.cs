namespace Nmo.Core.Email;

/// <summary>
/// One message body for many recipients. <see cref="Content"/> holds <c>{{name}}</c> placeholders that each
/// recipient's <see cref="EmailRecipient.Values"/> fill in, which is what lets SendGrid take up to 1,000
/// recipients (personalizations) in one request.
/// </summary>
public sealed record EmailBatch(
    string Category,
    EmailContent Content,
    IReadOnlyList<EmailRecipient> Recipients);

/// <summary>Subject, HTML and plain-text parts, each possibly holding <c>{{name}}</c> placeholders.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);

/// <summary>
/// <see cref="Key"/> is stable for one logical e-mail (the same certificate always has the same key), so a
/// repeated send can be recognised and dropped.
/// </summary>
public sealed record EmailRecipient(
    string Key,
    string Address,
    string Name,
    IReadOnlyDictionary<string, string> Values);

public sealed record EmailFailure(string Key, string Reason, bool Permanent);

public sealed record EmailSendResult(IReadOnlyList<string> SentKeys, IReadOnlyList<EmailFailure> Failures)
{
    public static EmailSendResult AllSent(EmailBatch batch) =>
        new([.. batch.Recipients.Select(r => r.Key)], []);
}

/// <summary>The port every e-mail leaves through: SendGrid in Azure, an <c>.eml</c> outbox locally.</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken);
}
