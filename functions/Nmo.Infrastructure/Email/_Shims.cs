// TEMPORARY: signatures of the e-mail helper's senders; deleted when its branch merges.
#pragma warning disable
namespace Nmo.Infrastructure.Email
{
    using Nmo.Core.Email;
    public sealed class OutboxEmailSender(EmailOptions options, TimeProvider time) : IEmailSender { public Task<EmailSendResult> SendAsync(EmailBatch b, CancellationToken c) => throw new NotImplementedException(); }
    public sealed class SendGridOptions { public string ApiKey { get; set; } = ""; public string? Host { get; set; } public bool SandboxMode { get; set; } }
    public sealed class SendGridEmailSender(SendGridOptions options) : IEmailSender { public Task<EmailSendResult> SendAsync(EmailBatch b, CancellationToken c) => throw new NotImplementedException(); }
}
