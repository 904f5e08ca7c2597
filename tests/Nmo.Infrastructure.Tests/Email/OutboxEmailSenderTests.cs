using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Nmo.Core.Email;
using Nmo.Core.Localization;
using Nmo.Infrastructure.Email;
using Nmo.Testing.Email;

namespace Nmo.Infrastructure.Tests.Email;

public sealed class OutboxEmailSenderTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("nmo-outbox-");

    public void Dispose() => root.Delete(recursive: true);

    [Fact]
    public async Task Each_recipient_gets_a_parseable_eml_with_text_and_html_parts()
    {
        var sender = Sender();
        var content = EmailSamples.Certificate();
        var anna = new EmailRecipient("cert/E1/anna", "anna.ivanova@clinic.example", "Иванова Анна Сергеевна",
            EmailTemplates.CertificateValues("Иванова <Анна> Сергеевна", "AB3C-7K9M2X4P", "https://nmo.example/api/certificates/a", "https://nmo.example/api/certificates/a/pdf?key=k"));
        var boris = new EmailRecipient("cert/E1/boris", "boris@clinic.example", "Boris \"Bob\" Petrov",
            EmailTemplates.CertificateValues("Boris Petrov", "ZZ99-00000001", "https://nmo.example/api/certificates/b", "https://nmo.example/api/certificates/b/pdf?key=k"));

        var result = await sender.SendAsync(new EmailBatch("certificate", content, [anna, boris]), CancellationToken.None);

        Assert.Equal([anna.Key, boris.Key], result.SentKeys);
        Assert.Empty(result.Failures);
        var files = Directory.GetFiles(root.FullName, "*.eml");
        Assert.Equal(2, files.Length);

        var path = Path.Combine(root.FullName, OutboxEmailSender.FileNameFor(anna.Key));
        var raw = await File.ReadAllTextAsync(path);
        Assert.DoesNotMatch(@"(?<!\r)\n", raw);
        Assert.All(raw.Split("\r\n"), line => Assert.True(line.Length <= 78 && line.All(c => c < 128), $"line not 7-bit/short: {line}"));
        using var eml = await MimeMessage.LoadAsync(path);

        Assert.Equal(content.Subject, eml.Subject);
        Assert.Equal(("НМО", "noreply@nmo.example"), Mailbox(eml.From));
        Assert.Equal(("Иванова Анна Сергеевна", "anna.ivanova@clinic.example"), Mailbox(eml.To));
        Assert.Equal(EmailSamples.Now, eml.Date);
        Assert.Matches("^[^@<>]+@nmo\\.example$", eml.MessageId);
        Assert.Equal("1.0", eml.Headers[HeaderId.MimeVersion]);

        var body = Assert.IsType<MultipartAlternative>(eml.Body);
        Assert.EndsWith($"--{body.Boundary}--\r\n", raw);
        var parts = body.Cast<TextPart>().ToArray();
        Assert.Equal(["text/plain", "text/html"], parts.Select(p => p.ContentType.MimeType));
        Assert.All(parts, p => Assert.Equal(("utf-8", ContentEncoding.Base64), (p.ContentType.Charset, p.ContentTransferEncoding)));
        var text = parts[0].Text;
        var html = parts[1].Text;
        Assert.Contains("Здравствуйте, Иванова <Анна> Сергеевна!", text);
        Assert.Contains("Индивидуальный код подтверждения (ИКП): AB3C-7K9M2X4P", text);
        Assert.Contains("Иванова &lt;Анна&gt; Сергеевна", html);
        Assert.Contains("AB3C-7K9M2X4P", html);
        Assert.DoesNotContain("{{", text + html);
        Assert.DoesNotContain("ZZ99-00000001", text + html);

        var bobPath = Path.Combine(root.FullName, OutboxEmailSender.FileNameFor(boris.Key));
        Assert.Contains("\r\nTo: \"Boris \\\"Bob\\\" Petrov\" <boris@clinic.example>\r\n", await File.ReadAllTextAsync(bobPath));
        using var bob = await MimeMessage.LoadAsync(bobPath);
        Assert.Equal(("Boris \"Bob\" Petrov", "boris@clinic.example"), Mailbox(bob.To));
        Assert.NotEqual(eml.MessageId, bob.MessageId);
    }

    [Fact]
    public async Task A_line_break_in_a_name_or_subject_stays_inside_its_header()
    {
        var sender = Sender();
        var content = EmailSamples.Certificate() with { Subject = "Сертификат\r\nBcc: victim@evil.example" };
        var recipient = EmailSamples.Recipient(1) with { Name = "Врач\r\nCc: victim@evil.example" };

        await sender.SendAsync(new EmailBatch("certificate", content, [recipient]), CancellationToken.None);

        using var eml = await MimeMessage.LoadAsync(Path.Combine(root.FullName, OutboxEmailSender.FileNameFor(recipient.Key)));
        Assert.Empty(eml.Bcc);
        Assert.Empty(eml.Cc);
        Assert.Equal("Сертификат Bcc: victim@evil.example", eml.Subject);
        Assert.Equal(("Врач Cc: victim@evil.example", recipient.Address), Mailbox(eml.To));
    }

    [Fact]
    public async Task Sending_the_same_key_twice_leaves_one_file_with_the_first_message()
    {
        var sender = Sender();
        var recipient = EmailSamples.Recipient(7);
        await sender.SendAsync(new EmailBatch("certificate", EmailSamples.Certificate(Language.Ru), [recipient]), CancellationToken.None);
        var path = Assert.Single(Directory.GetFiles(root.FullName));
        var first = await File.ReadAllTextAsync(path);

        var again = await sender.SendAsync(new EmailBatch("certificate", EmailSamples.Certificate(Language.En), [recipient, recipient]), CancellationToken.None);

        Assert.Equal([recipient.Key, recipient.Key], again.SentKeys);
        Assert.Equal(path, Assert.Single(Directory.GetFiles(root.FullName)));
        Assert.Equal(first, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Keys_that_sanitise_alike_still_get_their_own_files()
    {
        var sender = Sender();
        var a = EmailSamples.Recipient(1) with { Key = "cert/E1/a b" };
        var b = EmailSamples.Recipient(2) with { Key = "cert:E1:a_b" };
        var c = EmailSamples.Recipient(3) with { Key = "../../etc/passwd" };

        await sender.SendAsync(new EmailBatch("certificate", EmailSamples.Certificate(), [a, b, c]), CancellationToken.None);

        var names = Directory.GetFiles(root.FullName).Select(Path.GetFileName).ToArray();
        Assert.Equal(3, names.Length);
        Assert.All(names, n => Assert.Matches("^[A-Za-z0-9._-]+\\.eml$", n!));
        Assert.StartsWith("cert_E1_a_b-", OutboxEmailSender.FileNameFor(a.Key));
    }

    [Fact]
    public async Task An_invalid_address_is_a_permanent_failure_and_writes_nothing()
    {
        var sender = Sender();
        var bad = EmailSamples.Recipient(1) with { Address = "x@y.example\r\nBcc: victim@evil.example" };

        var result = await sender.SendAsync(new EmailBatch("certificate", EmailSamples.Certificate(), [bad]), CancellationToken.None);

        Assert.Empty(result.SentKeys);
        Assert.True(Assert.Single(result.Failures).Permanent);
        Assert.Empty(Directory.GetFiles(root.FullName));
    }

    [Fact]
    public void A_relative_outbox_directory_is_under_the_working_directory()
    {
        var sender = new OutboxEmailSender(new EmailOptions(), TimeProvider.System);

        Assert.Equal(Path.Combine(Environment.CurrentDirectory, ".nmo", "outbox"), sender.Directory);
    }

    private static (string? Name, string Address) Mailbox(InternetAddressList list)
    {
        var mailbox = Assert.Single(list.Mailboxes);
        return (mailbox.Name, mailbox.Address);
    }

    private OutboxEmailSender Sender() =>
        new(new EmailOptions { OutboxDirectory = root.FullName }, new FakeTimeProvider(EmailSamples.Now));
}
