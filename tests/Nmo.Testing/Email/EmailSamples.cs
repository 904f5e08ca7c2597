using Nmo.Core.Email;
using Nmo.Core.Localization;

namespace Nmo.Testing.Email;

/// <summary>A certificate e-mail and its recipients as the senders get them: one event, doctors numbered from 0.</summary>
public static class EmailSamples
{
    public static readonly DateTimeOffset Now = new(2025, 3, 15, 9, 30, 0, TimeSpan.Zero);

    public static EmailContent Certificate(Language language = Language.Ru) =>
        new EmailTemplates().Certificate(
            new CertificateModel("Кардиология 2025", new DateOnly(2025, 3, 12), new DateOnly(2025, 3, 14), "Москва", "РКО", 6m, "https://www.sovetnmo.ru"),
            language);

    public static string CodeFor(int i) => $"AB{i / 100000 % 10}{i / 10000 % 10}-{i:D8}";

    public static EmailBatch Batch(int count, string category = "certificate") =>
        new(category, Certificate(), [.. Enumerable.Range(0, count).Select(Recipient)]);

    public static EmailRecipient Recipient(int i) =>
        new($"cert/E1/{i}", $"doctor{i}@clinic.example", $"Врач №{i}", EmailTemplates.CertificateValues($"Врач №{i}", CodeFor(i), $"https://nmo.example/api/certificates/cert{i}", $"https://nmo.example/api/certificates/cert{i}/pdf?key=k{i}"));
}
