using Nmo.Core.Uploads;

namespace Nmo.Core.Tests.Common.Fakes;

/// <summary>Attendees as the table store keeps them: one per event and key; a withdrawal's first time and reason stand.</summary>
public sealed class InMemoryAttendeeStore : IAttendeeStore
{
    private readonly Dictionary<(string EventId, string AttendeeKey), AttendeeRecord> stored = [];

    public AttendeeRecord? this[string eventId, string attendeeKey] => stored.GetValueOrDefault((eventId, attendeeKey));

    public List<(string EventId, CertificateUpdate Update)> CertificateUpdates { get; } = [];

    public AttendeeRecord Put(AttendeeRecord attendee) => stored[(attendee.EventId, attendee.AttendeeKey)] = attendee;

    public Task<IReadOnlyList<AttendeeAddOutcome>> AddNewAsync(string eventId, IReadOnlyList<AttendeeRecord> attendees, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AttendeeAddOutcome>>([.. attendees.Select(a =>
            stored.TryGetValue((eventId, a.AttendeeKey), out var existing) ? new AttendeeAddOutcome(existing, false) : new AttendeeAddOutcome(Put(a), true))]);

    public Task<IReadOnlyList<AttendeeRecord>> GetManyAsync(string eventId, IReadOnlyList<string> attendeeKeys, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AttendeeRecord>>([.. attendeeKeys.Select(k => stored.GetValueOrDefault((eventId, k))).OfType<AttendeeRecord>()]);

    public Task<bool> TryReplaceCodeAsync(
        string eventId, string attendeeKey, string expectedCodeHash, string protectedCode, string codeHash, CancellationToken cancellationToken)
    {
        if (!stored.TryGetValue((eventId, attendeeKey), out var current) || current.CodeHash != expectedCodeHash || current.WithdrawnAt is not null)
        {
            return Task.FromResult(false);
        }

        Put(current with { ProtectedCode = protectedCode, CodeHash = codeHash });
        return Task.FromResult(true);
    }

    public Task<AttendeeRecord?> MarkWithdrawnAsync(string eventId, string attendeeKey, DateTimeOffset at, string reason, CancellationToken cancellationToken)
    {
        if (!stored.TryGetValue((eventId, attendeeKey), out var current))
        {
            return Task.FromResult<AttendeeRecord?>(null);
        }

        return Task.FromResult<AttendeeRecord?>(current.WithdrawnAt is null ? Put(current with { WithdrawnAt = at, WithdrawalReason = reason }) : current);
    }

    public Task<bool> HasAnyAsync(string eventId, CancellationToken cancellationToken) =>
        Task.FromResult(stored.Keys.Any(k => k.EventId == eventId));

    public Task SetCertificateIdAsync(string eventId, string attendeeKey, string certificateId, CancellationToken cancellationToken)
    {
        if (stored.TryGetValue((eventId, attendeeKey), out var current))
        {
            Put(current with { CertificateId = certificateId });
        }

        return Task.CompletedTask;
    }

    public Task UpdateCertificatesAsync(string eventId, IReadOnlyList<CertificateUpdate> updates, CancellationToken cancellationToken)
    {
        foreach (var update in updates)
        {
            CertificateUpdates.Add((eventId, update));
            if (stored.TryGetValue((eventId, update.AttendeeKey), out var current))
            {
                Put(current with { CertificateStatus = update.Status, CertificateSentAt = update.SentAt, CertificateError = update.Error });
            }
        }

        return Task.CompletedTask;
    }
}
