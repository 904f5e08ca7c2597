using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Email;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Retention;
using Nmo.LocalHost;

namespace Nmo.Cli.Commands;

/// <summary>
/// <c>nmo erase --doctor ID | --email ADDRESS [--snils NUMBER] [--delete-raw]</c>: one person's erasure request.
/// Prints, masked as logs are, what it changed and what it kept. Exit 0 done (or already done), 1 nothing is
/// stored for this person, 2 usage error.
/// </summary>
public static class EraseCommand
{
    public const string Usage = "usage: nmo erase --doctor ID | --email ADDRESS [--snils NUMBER] [--delete-raw]";

    public static async Task<int> RunAsync(string? doctorId, string? email, string? snils, bool deleteRaw, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(doctorId) && string.IsNullOrWhiteSpace(email))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        await using var environment = await LocalEnvironment.CreateAsync(cancellationToken, Console.Error.WriteLine);
        await environment.PrepareStorageAsync(cancellationToken);
        var report = await environment.Services.GetRequiredService<PersonalDataEraser>()
            .EraseAsync(new ErasureRequest(doctorId, email, snils, deleteRaw), cancellationToken);

        var who = string.Join(" / ", new[] { doctorId is null ? null : "doctor " + doctorId, email is null ? null : LogMask.Email(email) }.OfType<string>());
        if (!report.Found)
        {
            Console.WriteLine($"Nothing is stored for {who}: nothing changed.");
            return 1;
        }

        Console.WriteLine($"Erasure for {who}:");
        Console.WriteLine(report.Changed.Count == 0 ? "Changed: nothing (already erased)." : "Changed:");
        foreach (var entity in report.Changed)
        {
            Console.WriteLine($"  {entity.Table} {entity.PartitionKey}/{Short(entity.RowKey)}: {string.Join(", ", entity.Properties)} removed");
        }

        if (report.AlreadyErased > 0)
        {
            Console.WriteLine($"  ({report.AlreadyErased} record(s) were erased before)");
        }

        Console.WriteLine("Kept, as proof of credits for the five-year cycle and the accreditation after it: each ledger entry's event, date,");
        Console.WriteLine("hours, code hash and masked code, the doctor's portal id; codes (hash, state, when); certificates (event, when).");
        Console.WriteLine("Attendee keys are digests of the e-mail, which certificates and codes point at. СНИЛС is stored in no table.");
        Console.WriteLine(report.RawUploads.Count == 0 ? "Raw uploads: none stored holds this person." : "Raw uploads holding this person:");
        foreach (var raw in report.RawUploads)
        {
            Console.WriteLine($"  {raw.UploadId} (event {raw.EventId}): {raw.State}");
        }

        return 0;
    }

    private static string Short(string key) => key.Length > 16 ? key[..12] + "…" : key;
}
