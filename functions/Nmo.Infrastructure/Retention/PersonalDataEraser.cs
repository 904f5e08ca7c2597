using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Nmo.Core.Codes;
using Nmo.Core.Storage;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;

namespace Nmo.Infrastructure.Retention;

/// <summary>
/// <c>nmo erase</c>: removes one person's personal data on request (<see cref="PersonalData.Fields"/>: names,
/// e-mails, the encrypted code) from attendee records, certificates and ledger entries, and keeps the proof of
/// their credits (event, dates, hours, code hash, portal id), which the pipeline must be able to show for the
/// cycle. Raw uploads hold many people and are kept exactly as sent, so they are not rewritten: the report lists
/// the ones that hold the person, and <see cref="ErasureRequest.DeleteRawUploads"/> deletes those already
/// processed. Idempotent: a second run changes nothing.
/// </summary>
public sealed class PersonalDataEraser(StorageClients clients, RetentionOptions options, TimeProvider time)
{
    public const string By = "erasure";

    public async Task<ErasureReport> EraseAsync(ErasureRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = new List<ErasedEntity>();
        var already = 0;
        var found = false;
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(request.Email))
        {
            emails.Add(request.Email.Trim());
        }

        // The ledger first: by the doctor's portal id it also names the e-mails the person activated codes with.
        var ledger = clients.Table(StorageNames.Tables.Ledger);
        var entries = new List<TableEntity>();
        if (!string.IsNullOrWhiteSpace(request.DoctorId))
        {
            await foreach (var e in ledger.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {request.DoctorId}"), cancellationToken: cancellationToken))
            {
                entries.Add(e);
                if (e.GetString("Email") is { Length: > 0 } address)
                {
                    emails.Add(address);
                }
            }
        }

        if (emails.Count > 0)
        {
            await foreach (var e in ledger.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                if (e.GetString("Email") is { } address && emails.Contains(address.Trim()) && !entries.Any(x => x.PartitionKey == e.PartitionKey && x.RowKey == e.RowKey))
                {
                    entries.Add(e);
                }
            }
        }

        async Task AnonymiseAsync(TableClient table, TableEntity entity)
        {
            found = true;
            var properties = await Anonymiser.AnonymiseAsync(table, entity, By, now, cancellationToken);
            if (properties.Count == 0)
            {
                already++;
            }
            else
            {
                changed.Add(new ErasedEntity(table.Name, entity.PartitionKey, entity.RowKey, properties));
            }
        }

        foreach (var entry in entries)
        {
            await AnonymiseAsync(ledger, entry);
        }

        var attendees = clients.Table(StorageNames.Tables.Attendees);
        var certificates = clients.Table(StorageNames.Tables.Certificates);
        var uploadIds = new HashSet<string>(StringComparer.Ordinal);
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        // The codes the doctor activated name their attendee records even once the ledger's e-mail is gone.
        var keys = emails.Select(CodeReissueService.AttendeeKeyFor).ToHashSet(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(request.DoctorId))
        {
            var codes = clients.Table(StorageNames.Tables.Codes);
            await foreach (var code in codes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"DoctorId eq {request.DoctorId}"), select: ["AttendeeKey"], cancellationToken: cancellationToken))
            {
                if (code.GetString("AttendeeKey") is { Length: > 0 } attendeeKey)
                {
                    keys.Add(attendeeKey);
                }
            }
        }

        foreach (var key in keys)
        {
            await foreach (var attendee in attendees.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {key}"), cancellationToken: cancellationToken))
            {
                eventIds.Add(attendee.PartitionKey);
                if (attendee.GetString("UploadId") is { Length: > 0 } uploadId)
                {
                    uploadIds.Add(uploadId);
                }

                await AnonymiseAsync(attendees, attendee);
            }

            await foreach (var certificate in certificates.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AttendeeKey eq {key}"), cancellationToken: cancellationToken))
            {
                await AnonymiseAsync(certificates, certificate);
            }
        }

        var raw = await RawUploadsAsync(request, emails, uploadIds, eventIds, now, cancellationToken);
        return new ErasureReport(found || raw.Count > 0, changed, already, raw);
    }

    private async Task<List<RawUploadFinding>> RawUploadsAsync(
        ErasureRequest request, HashSet<string> emails, HashSet<string> uploadIds, HashSet<string> eventIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snils = new string((request.Snils ?? "").Where(char.IsAsciiDigit).ToArray());
        var uploads = clients.Table(StorageNames.Tables.Uploads);
        var container = clients.Container(StorageNames.Containers.Uploads);
        var findings = new List<RawUploadFinding>();
        await foreach (var upload in uploads.QueryAsync<TableEntity>("RowKey eq 'upload'", cancellationToken: cancellationToken))
        {
            var eventId = upload.GetString("EventId") ?? "";
            var named = uploadIds.Contains(upload.PartitionKey);
            if (!named && !eventIds.Contains(eventId) && snils.Length == 0)
            {
                continue;
            }

            if (upload.ContainsKey(RawUploadRemoval.RawDeletedAt) || upload.GetString("BlobName") is not { Length: > 0 } blobName)
            {
                if (named)
                {
                    findings.Add(new RawUploadFinding(upload.PartitionKey, eventId, "already deleted"));
                }

                continue;
            }

            var blob = container.GetBlobClient(blobName);
            byte[] content;
            try
            {
                content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                continue;
            }

            var holds = named || Holds(content, emails, snils);
            if (!holds)
            {
                continue;
            }

            var status = upload.GetString("Status");
            if (request.DeleteRawUploads && status is Nmo.Core.Uploads.UploadStatus.Completed or Nmo.Core.Uploads.UploadStatus.Failed)
            {
                await RawUploadRemoval.DeleteAsync(clients, upload, blobName, now, cancellationToken);
                findings.Add(new RawUploadFinding(upload.PartitionKey, eventId, "deleted now (with every other attendee's row in it; their records and codes are stored apart)"));
                continue;
            }

            var until = (upload.GetDateTimeOffset("ReceivedAt") ?? now).AddDays(options.RawUploadsDays);
            findings.Add(new RawUploadFinding(upload.PartitionKey, eventId, status is Nmo.Core.Uploads.UploadStatus.Completed or Nmo.Core.Uploads.UploadStatus.Failed
                ? string.Create(CultureInfo.InvariantCulture, $"still stored, exactly as sent with other attendees, until {until:yyyy-MM-dd} (retention); --delete-raw deletes it now")
                : $"still stored: the upload is '{status}' and needs its file to finish; run again with --delete-raw once it has"));
        }

        return findings;
    }

    /// <summary>
    /// Whether a text upload names the person: an e-mail anywhere (case-insensitive), or the СНИЛС with its usual
    /// separators ignored. E-mails and digits read the same in UTF-8 and Windows-1251. Workbooks are zipped or binary
    /// and are not searched: they are listed when an attendee record came from them.
    /// </summary>
    private static bool Holds(byte[] content, HashSet<string> emails, string snils)
    {
        if (content.Length > 1 && ((content[0] == (byte)'P' && content[1] == (byte)'K') || (content[0] == 0xD0 && content[1] == 0xCF)))
        {
            return false;
        }

        var text = Encoding.Latin1.GetString(content);
        if (emails.Any(e => text.Contains(e, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return snils.Length == 11 && text.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Contains(snils, StringComparison.Ordinal);
    }
}
