namespace Nmo.Core.Storage;

/// <summary>
/// The one place that names every queue, table and blob container the pipeline uses, and the queue message
/// encoding. host.json, the Bicep templates and the local host all follow these names; a test compares them.
/// </summary>
public static class StorageNames
{
    /// <summary>The connection every trigger and client uses (a string or identity-based <c>__</c> settings).</summary>
    public const string Connection = "AzureWebJobsStorage";

    /// <summary>
    /// Queue messages are Base64 text, which is what the Functions queue extension expects by default
    /// (host.json <c>extensions.queues.messageEncoding</c>). A client that sends plain text makes the trigger
    /// fail to decode and every message ends in the poison queue.
    /// </summary>
    public const string QueueMessageEncoding = "base64";

    /// <summary>Delivery attempts before the host moves a message to <c>&lt;queue&gt;-poison</c> (host.json maxDequeueCount).</summary>
    public const int MaxDequeueCount = 5;

    public static class Queues
    {
        /// <summary>An accepted upload waiting for its rows to be issued codes.</summary>
        public const string Uploads = "attendance-uploads";

        /// <summary>Certificates (Свидетельство НМО) to e-mail, a batch per message.</summary>
        public const string Certificates = "certificate-emails";

        /// <summary>Credit notices to e-mail after an activation or a module completion.</summary>
        public const string CreditNotices = "credit-emails";

        /// <summary>Outbound credit records for downstream systems (the Ministry portal); the name is theirs to read, so it stays.</summary>
        public const string CreditRecords = "credit-events";

        public static IReadOnlyList<string> All { get; } = [Uploads, Certificates, CreditNotices, CreditRecords];

        public static string Poison(string queue) => queue + "-poison";
    }

    public static class Tables
    {
        public const string Providers = "Providers";
        public const string Events = "Events";
        public const string Uploads = "Uploads";
        public const string UploadRows = "UploadRows";
        public const string Attendees = "Attendees";
        public const string Codes = "Codes";
        public const string Ledger = "Ledger";
        public const string Emails = "Emails";
        public const string Throttle = "Throttle";
        public const string Certificates = "Certificates";

        /// <summary>The append-only record of changes to codes, events and the ledger.</summary>
        public const string Audit = "Audit";

        public static IReadOnlyList<string> All { get; } =
            [Providers, Events, Uploads, UploadRows, Attendees, Codes, Ledger, Emails, Throttle, Certificates, Audit];

        /// <summary>
        /// What the daily export copies and <c>nmo restore</c> puts back: what proves a credit and lets a restored
        /// store activate the codes already e-mailed (providers, events, attendees with their code hashes, codes,
        /// certificates, the ledger, and the audit trail of how they changed). Upload bookkeeping, e-mail states and
        /// throttle counters are left out: they can be rebuilt or are worthless after a restore. A new table that holds such proof goes here.
        /// </summary>
        public static IReadOnlyList<string> BackedUp { get; } = [Providers, Events, Attendees, Codes, Certificates, Ledger, Audit];
    }

    public static class Containers
    {
        /// <summary>Raw upload bytes exactly as the provider sent them, one blob per upload.</summary>
        public const string Uploads = "attendance-uploads";

        /// <summary>The daily table exports, <c>yyyy-MM-dd/{table}.jsonl.gz</c>; versioned and write-once in Azure.</summary>
        public const string Backups = "backups";

        public static IReadOnlyList<string> All { get; } = [Uploads, Backups];
    }
}
