namespace Nmo.Core.Storage;

/// <summary>
/// The one list of stored properties that are personal data, and what each becomes once retention or an erasure
/// request removes it. Everything else on those entities is kept because it proves a credit: the event, its
/// dates and hours, the code's hash (never the code), the doctor's portal id, when it was issued and activated.
/// Values are replaced, not dropped, so every reader keeps working on an anonymised entity.
/// </summary>
public static class PersonalData
{
    /// <summary>What a removed name reads (the certificate page shows it as the holder).</summary>
    public const string ErasedName = "—";

    /// <summary>What a removed e-mail address (and a removed encrypted code) reads.</summary>
    public const string ErasedValue = "";

    /// <summary>Set on an entity when its personal data was removed: when, and why (retention or erasure).</summary>
    public const string RemovedAt = "PersonalDataRemovedAt";

    public const string RemovedBy = "PersonalDataRemovedBy";

    /// <summary>Per table: property name → its replacement.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Fields { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            [StorageNames.Tables.Attendees] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["FullName"] = ErasedName,
                ["Email"] = ErasedValue,
                ["ProtectedCode"] = ErasedValue,
            },
            [StorageNames.Tables.Certificates] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["HolderName"] = ErasedName,
            },
            [StorageNames.Tables.Ledger] = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Email"] = ErasedValue,
                ["DoctorName"] = ErasedName,
            },
        };
}
