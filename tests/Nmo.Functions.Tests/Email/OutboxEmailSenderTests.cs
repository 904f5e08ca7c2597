using System.Globalization;
using Nmo.Core.Email;
using Nmo.Core.Localization;
using Nmo.Infrastructure.Email;

namespace Nmo.Functions.Tests.Email;

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
            EmailTemplates.CertificateValues("Иванова <Анна> Сергеевна", "AB3C-7K9M2X4P"));
        var boris = new EmailRecipient("cert/E1/boris", "boris@clinic.example", "Boris \"Bob\" Petrov",
            EmailTemplates.CertificateValues("Boris Petrov", "ZZ99-00000001"));

        var result = await sender.SendAsync(new EmailBatch("certificate", content, [anna, boris]), CancellationToken.None);

        Assert.Equal([anna.Key, boris.Key], result.SentKeys);
        Assert.Empty(result.Failures);
        var files = Directory.GetFiles(root.FullName, "*.eml");
        Assert.Equal(2, files.Length);

        var raw = await File.ReadAllTextAsync(Path.Combine(root.FullName, OutboxEmailSender.FileNameFor(anna.Key)));
        Assert.All(raw.Split("\r\n"), line => Assert.True(line.Length <= 78 && line.All(c => c < 128), $"line not 7-bit/short: {line}"));
        var eml = EmlParser.Parse(raw);

        Assert.Equal(content.Subject, EmlParser.DecodeWords(eml.Headers["Subject"]));
        Assert.Equal("НМО <noreply@nmo.example>", EmlParser.DecodeWords(eml.Headers["From"]));
        Assert.Equal("Иванова Анна Сергеевна <anna.ivanova@clinic.example>", EmlParser.DecodeWords(eml.Headers["To"]));
        Assert.Equal(
            EmailSamples.Now,
            DateTimeOffset.ParseExact(eml.Headers["Date"], "ddd, dd MMM yyyy HH:mm:ss zzz".Replace("zzz", "'+0000'", StringComparison.Ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
        Assert.Matches("^<[^@<>]+@nmo\\.example>$", eml.Headers["Message-ID"]);
        Assert.Equal("1.0", eml.Headers["MIME-Version"]);

        Assert.Equal(["text/plain; charset=utf-8", "text/html; charset=utf-8"], eml.Parts.Select(p => p.ContentType));
        var text = eml.Parts[0].Body;
        var html = eml.Parts[1].Body;
        Assert.Contains("Здравствуйте, Иванова <Анна> Сергеевна!", text);
        Assert.Contains("Индивидуальный код подтверждения (ИКП): AB3C-7K9M2X4P", text);
        Assert.Contains("Иванова &lt;Анна&gt; Сергеевна", html);
        Assert.Contains("AB3C-7K9M2X4P", html);
        Assert.DoesNotContain("{{", text + html);
        Assert.DoesNotContain("ZZ99-00000001", text + html);

        var bob = EmlParser.Parse(await File.ReadAllTextAsync(Path.Combine(root.FullName, OutboxEmailSender.FileNameFor(boris.Key))));
        Assert.Equal("\"Boris \\\"Bob\\\" Petrov\" <boris@clinic.example>", bob.Headers["To"]);
        Assert.NotEqual(eml.Headers["Message-ID"], bob.Headers["Message-ID"]);
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

    private OutboxEmailSender Sender() =>
        new(new EmailOptions { OutboxDirectory = root.FullName }, new FixedTime(EmailSamples.Now));
}
