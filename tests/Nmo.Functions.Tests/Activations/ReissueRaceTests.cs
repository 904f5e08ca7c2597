using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Codes;
using Nmo.Core.Storage;
using Nmo.Core.Uploads;
using Nmo.Infrastructure.Storage;
using Nmo.Infrastructure.Tables;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Activations;

/// <summary>Two re-issues of one attendee interleaved on purpose: both read the attendee before either gives it a code.</summary>
public sealed class ReissueRaceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>The real table store; once armed, each new code waits until the other re-issue has stored its own.</summary>
    private sealed class GatedCodeStore(ICodeStore inner) : ICodeStore
    {
        private Barrier? barrier;

        public ConcurrentBag<string> Added { get; } = [];

        public void Arm(int participants) => barrier = new Barrier(participants);

        public Task<CodeRecord?> FindAsync(string codeHash, CancellationToken cancellationToken) => inner.FindAsync(codeHash, cancellationToken);

        public Task<bool> TryReplaceAsync(CodeRecord code, CancellationToken cancellationToken) => inner.TryReplaceAsync(code, cancellationToken);

        public async Task<IReadOnlyList<string>> AddMissingAsync(IReadOnlyList<CodeRecord> codes, CancellationToken cancellationToken)
        {
            var collisions = await inner.AddMissingAsync(codes, cancellationToken);
            if (barrier is { } gate)
            {
                foreach (var code in codes)
                {
                    Added.Add(code.CodeHash);
                }

                await Task.Run(() => Assert.True(gate.SignalAndWait(TimeSpan.FromSeconds(30)), "the other re-issue never stored its code"), cancellationToken);
            }

            return collisions;
        }
    }

    [Fact]
    public async Task Two_interleaved_reissues_leave_the_attendee_exactly_one_live_code_and_that_code_activates()
    {
        GatedCodeStore? gated = null;
        await using var world = await ActivationWorld.StartAsync(azurite, services: s => s.AddSingleton<ICodeStore>(sp =>
            gated = new GatedCodeStore(new TableCodeStore(sp.GetRequiredService<StorageClients>()))));
        var eventId = ActivationWorld.NewId("rerace");
        const string email = "rerace@clinic.example";
        var original = (await world.IssueCodesAsync(eventId, email))[email];
        Assert.NotNull(gated);
        gated.Arm(2);

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            world.Provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email }))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal(2, gated.Added.Count);
        var codes = world.Host.Services.GetRequiredService<ICodeStore>();
        var states = await Task.WhenAll(gated.Added.Select(h => codes.FindAsync(h, CancellationToken.None)));
        var live = Assert.Single(states, c => c!.Status == CodeStatus.Issued);
        var attendee = Assert.Single(await world.Host.Services.GetRequiredService<IAttendeeStore>()
            .GetManyAsync(eventId, [CodeReissueService.AttendeeKeyFor(email)], CancellationToken.None));
        Assert.Equal(live!.CodeHash, attendee.CodeHash);

        // The certificate mailed last carries the live code; the first one's code is revoked.
        await world.WaitForEmptyQueueAsync(StorageNames.Queues.Certificates);
        var mailed = world.Certificates(eventId).Select(m => m.Values["code"]).Where(c => c != original).Distinct().ToList();
        var code = Assert.Single(mailed);
        Assert.Equal(HttpStatusCode.Gone, (await world.ActivateAsync(eventId + "-doc", original)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(eventId + "-doc", code)).StatusCode);
    }
}
