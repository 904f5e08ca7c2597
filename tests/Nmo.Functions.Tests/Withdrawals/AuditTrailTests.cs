using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Nmo.Core.Audit;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;
using Nmo.Core.Storage;
using Nmo.Functions.Tests.Activations;
using Nmo.Functions.Tests.Cli;
using Nmo.Testing;

namespace Nmo.Functions.Tests.Withdrawals;

/// <summary>
/// Every change to codes, events and the ledger leaves one audit record an operator can list (<c>nmo audit list</c>)
/// and support can read per code (<c>nmo codes show</c>), masked as logs are.
/// </summary>
public sealed class AuditTrailTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Snils = "112-233-445 95";

    [Fact]
    public async Task Every_change_to_codes_events_and_the_ledger_leaves_one_masked_record()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("audit");
        var moduleId = ActivationWorld.NewId("audmod");
        var doctor = eventId + "-doc";
        var codes = await world.IssueCodesAsync(eventId, "first@clinic.example", "second@clinic.example", "third@clinic.example");
        Assert.Equal(HttpStatusCode.OK, (await world.PutActivityAsync(eventId, "event", 6, "Школа кардиолога (исправлено)")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.PutActivityAsync(eventId, "event", 6, "Школа кардиолога (исправлено)")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await world.Provider.PostAsJsonAsync($"api/events/{eventId}/reissues", new { email = "second@clinic.example" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, codes["first@clinic.example"])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, codes["first@clinic.example"])).StatusCode);
        var withdrawn = await WithdrawalTests.WithdrawAsync(world.Provider, eventId, "first@clinic.example", $"СНИЛС {Snils}, first@clinic.example");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        (await world.PutActivityAsync(moduleId, "module", 2)).EnsureSuccessStatusCode();
        var completion = await world.Provider.PostAsJsonAsync(
            $"api/modules/{moduleId}/completions", new { doctorId = doctor, email = $"{doctor}@clinic.example", completedAt = "2026-11-20T10:00:00Z" });
        completion.EnsureSuccessStatusCode();

        var log = world.Host.Services.GetRequiredService<IAuditLog>();
        var records = await log.ListAsync(new AuditQuery(eventId), CancellationToken.None);
        var actions = records.GroupBy(r => r.Action).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(1, actions[AuditActions.EventCreated]);
        Assert.Equal(1, actions[AuditActions.EventUpdated]);
        Assert.Equal(1, actions[AuditActions.EventLocked]);
        Assert.Equal(3, actions[AuditActions.CodeIssued]);
        Assert.Equal(1, actions[AuditActions.CodeRevoked]);
        Assert.Equal(1, actions[AuditActions.CodeReissued]);
        Assert.Equal(1, actions[AuditActions.CodeActivated]);
        Assert.Equal(1, actions[AuditActions.LedgerCredited]);
        Assert.Equal(1, actions[AuditActions.CodeWithdrawn]);
        Assert.Equal(1, actions[AuditActions.LedgerReversed]);
        var update = Assert.Single(records, r => r.Action == AuditActions.EventUpdated);
        Assert.Contains("\"title\":\"Школа кардиолога\"", update.Before);
        Assert.Contains("(исправлено)", update.After);
        Assert.StartsWith("provider:", update.Actor, StringComparison.Ordinal);
        var activated = Assert.Single(records, r => r.Action == AuditActions.CodeActivated);
        Assert.Equal("doctor:" + doctor, activated.Actor);
        Assert.Contains("\"status\":\"issued\"", activated.Before);
        Assert.Contains("\"status\":\"activated\"", activated.After);
        Assert.Single(await log.ListAsync(new AuditQuery(moduleId), CancellationToken.None), r => r.Action == AuditActions.ModuleCompleted);

        // By doctor, across activities; nothing personal or secret in the clear.
        var byDoctor = await log.ListAsync(new AuditQuery(DoctorId: doctor), CancellationToken.None);
        Assert.Equal([AuditActions.CodeActivated, AuditActions.LedgerCredited, AuditActions.CodeWithdrawn, AuditActions.LedgerReversed, AuditActions.ModuleCompleted],
            byDoctor.Select(r => r.Action).Where(a => a != AuditActions.CodeReturned).Distinct());
        var all = string.Join("\n", records.Concat(byDoctor).Select(r => r.ToString()));
        Assert.DoesNotContain("@clinic.example", all, StringComparison.Ordinal);
        Assert.DoesNotContain(Snils, all, StringComparison.Ordinal);
        Assert.All(codes.Values, code => Assert.DoesNotContain(code, all, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Nmo_codes_show_tells_support_the_event_state_masked_owner_and_trail()
    {
        await using var world = await ActivationWorld.StartAsync(azurite);
        var eventId = ActivationWorld.NewId("shown");
        var doctor = eventId + "-doc";
        var code = (await world.IssueCodesAsync(eventId, "support@clinic.example"))["support@clinic.example"];
        Assert.Equal(HttpStatusCode.OK, (await world.ActivateAsync(doctor, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await WithdrawalTests.WithdrawAsync(world.Provider, eventId, "support@clinic.example", "ошибка в списке")).StatusCode);

        // As a doctor writes it to support: lower case, Cyrillic look-alikes, spaces instead of the hyphen.
        var typed = code.ToLowerInvariant().Replace('-', ' ').Replace('a', 'а').Replace('e', 'е');
        var (exit, output, error) = await NmoAsync(world, "codes", "show", typed);

        Assert.True(exit == 0, error);
        Assert.Contains(eventId, output, StringComparison.Ordinal);
        Assert.Contains("Школа кардиолога", output, StringComparison.Ordinal);
        Assert.Contains("2026-11-20 – 2026-11-21, Москва", output, StringComparison.Ordinal);
        Assert.Contains("State:      revoked", output, StringComparison.Ordinal);
        Assert.Contains($"Activated:  ", output, StringComparison.Ordinal);
        Assert.Contains($"by doctor {doctor}", output, StringComparison.Ordinal);
        Assert.Contains("Withdrawn:  ", output, StringComparison.Ordinal);
        Assert.Contains("ошибка в списке", output, StringComparison.Ordinal);
        Assert.Contains("Owner:      s***@c***.example", output, StringComparison.Ordinal);
        Assert.Contains(ConfirmationCode.Mask(code), output, StringComparison.Ordinal);
        foreach (var action in new[] { AuditActions.CodeIssued, AuditActions.CodeActivated, AuditActions.LedgerCredited, AuditActions.CodeWithdrawn, AuditActions.LedgerReversed })
        {
            Assert.Contains(action, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(code, output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(code[5..], output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("support@clinic.example", output, StringComparison.OrdinalIgnoreCase);

        var (listExit, listed, _) = await NmoAsync(world, "audit", "list", "--code", typed, "--json");
        Assert.Equal(0, listExit);
        Assert.Contains(AuditActions.CodeWithdrawn, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(code, listed, StringComparison.OrdinalIgnoreCase);
        var (tableExit, table, _) = await NmoAsync(world, "audit", "list", "--event", eventId, "--since", "2020-01-01");
        Assert.Equal(0, tableExit);
        Assert.Contains(AuditActions.EventCreated, table, StringComparison.Ordinal);
        Assert.Contains(AuditActions.LedgerReversed, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nmo_codes_show_of_an_unknown_or_mistyped_code_says_so_and_exits_1()
    {
        await using var world = await ActivationWorld.StartAsync(azurite, outbox: true);
        var unknown = ConfirmationCode.Generate();

        var (exit, output, error) = await NmoAsync(world, "codes", "show", unknown);
        var (typoExit, _, typoError) = await NmoAsync(world, "codes", "show", "ABCD-1234");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("not found", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(unknown, error, StringComparison.Ordinal);
        Assert.Equal(1, typoExit);
        Assert.Contains("mistyped", typoError, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The built nmo on the world's storage and code key, as an operator runs it next to the app.</summary>
    private Task<(int ExitCode, string Output, string Error)> NmoAsync(ActivationWorld world, params string[] args) =>
        NmoCli.RunAsync(
            new Dictionary<string, string>
            {
                [StorageNames.Connection] = azurite.ConnectionString,
                [SettingNames.AsAppSetting(SettingNames.CodeHashKey)] = world.Host.Configuration[SettingNames.CodeHashKey]!,
            },
            args);
}
