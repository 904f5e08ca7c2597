namespace Nmo.Core.Email;

public sealed record EmailSendResult(IReadOnlyList<string> SentKeys, IReadOnlyList<EmailFailure> Failures)
{
    public static EmailSendResult AllSent(EmailBatch batch) =>
        new([.. batch.Recipients.Select(r => r.Key)], []);
}
