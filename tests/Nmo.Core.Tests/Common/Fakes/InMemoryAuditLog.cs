using Nmo.Core.Audit;

namespace Nmo.Core.Tests.Common.Fakes;

/// <summary>The audit as the table keeps it: a record already stored under its activity and key is left as it is.</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly List<AuditRecord> records = [];

    public IReadOnlyList<AuditRecord> Records => records;

    public Task RecordAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            if (!this.records.Any(r => r.ActivityId == record.ActivityId && r.Key == record.Key))
            {
                this.records.Add(record);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> ListAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([.. records
            .Where(r => (query.ActivityId is null || r.ActivityId == query.ActivityId)
                && (query.DoctorId is null || r.DoctorId == query.DoctorId)
                && (query.CodeHash is null || r.CodeHash == query.CodeHash)
                && (query.Since is null || r.At >= query.Since))
            .OrderBy(r => r.At)]);
}
