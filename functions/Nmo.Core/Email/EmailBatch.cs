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
