namespace Nmo.Core.Email;

/// <summary>The port every e-mail leaves through: SendGrid in Azure, an <c>.eml</c> outbox locally.</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailBatch batch, CancellationToken cancellationToken);
}
