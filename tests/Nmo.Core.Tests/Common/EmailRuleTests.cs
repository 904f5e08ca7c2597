using Nmo.Core.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Nmo.Core.Activations;
using Nmo.Core.Codes;
using Nmo.Core.Common;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Providers;

namespace Nmo.Core.Tests.Common;

/// <summary>A doctor's address gets the same check as an attendee's in a list: the credit notice goes there.</summary>
public sealed class EmailRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private readonly Mock<ICodeStore> codes = new();
    private readonly Mock<IThrottleStore> throttle = new();
    private readonly Mock<IEventStore> events = new();
    private readonly Mock<ILedgerStore> ledger = new();

    // Each has an "@" and fits in 254 characters, which is all the activation used to check.
    public static TheoryData<string> Undeliverable() =>
    [
        "doctor@clinic",
        "doctor@clinic.exаmple",
        "doctor@@clinic.example",
        "doctor @clinic.example",
        "doctor@example.com",
        "doctor@localhost",
    ];

    [Theory]
    [MemberData(nameof(Undeliverable))]
    public void The_rule_itself_refuses_these_addresses(string email) =>
        Assert.NotNull(EmailAddress.Check(email));

    [Theory]
    [MemberData(nameof(Undeliverable))]
    public async Task An_activation_with_such_an_address_is_refused_before_any_code_is_looked_up(string email)
    {
        var time = new FakeTimeProvider(Now);
        var service = new ActivationService(
            codes.Object, new CodeSecrets("email-rule-tests-key-0123456789-abcdef"), events.Object, ledger.Object,
            new CreditEffects(ledger.Object, Mock.Of<IMessageQueue>(), time), Mock.Of<IAuditLog>(), new ActivationThrottle(throttle.Object, new ThrottleOptions(), time),
            time, NullLogger<ActivationService>.Instance);

        var problem = ResultAssert.Problem(await service.ActivateAsync(new ActivationRequest("doc-1", email, "ABCD-EFGH2345"), Language.Ru, CancellationToken.None));

        Assert.Equal((400, "email.invalid"), (problem.Status, problem.Code));
        codes.VerifyNoOtherCalls();
        throttle.VerifyNoOtherCalls();
    }

    [Theory]
    [MemberData(nameof(Undeliverable))]
    public async Task A_module_completion_with_such_an_address_credits_nothing(string email)
    {
        var time = new FakeTimeProvider(Now);
        var service = new ModuleCompletionService(events.Object, ledger.Object, new CreditEffects(ledger.Object, Mock.Of<IMessageQueue>(), time), Mock.Of<IAuditLog>(), time);
        var provider = new ProviderRecord("prv-1", "Провайдер", "hash", Now);

        var problem = ResultAssert.Problem(await service.CompleteAsync(provider, "mod-1", new CompletionRequest("doc-1", email, Now), Language.En, CancellationToken.None));

        Assert.Equal((400, "email.invalid"), (problem.Status, problem.Code));
        events.VerifyNoOtherCalls();
        ledger.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_plausible_address_with_spaces_around_it_is_taken()
    {
        var time = new FakeTimeProvider(Now);
        events.Setup(e => e.FindAsync("mod-1", It.IsAny<CancellationToken>())).ReturnsAsync(new EventRecord(
            "mod-1", "prv-1", "Провайдер", "ЭКГ", ActivityKinds.Module, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "онлайн", 2, null, Now));
        ledger.Setup(l => l.AddIfMissingAsync(It.IsAny<LedgerEntry>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((LedgerEntry e, CancellationToken _) => (e, true));
        var service = new ModuleCompletionService(events.Object, ledger.Object, new CreditEffects(ledger.Object, Mock.Of<IMessageQueue>(), time), Mock.Of<IAuditLog>(), time);

        var credited = ResultAssert.Ok(await service.CompleteAsync(
            new ProviderRecord("prv-1", "Провайдер", "hash", Now), "mod-1", new CompletionRequest("doc-1", "  Doctor@Clinic.example ", Now), Language.Ru, CancellationToken.None));

        Assert.False(credited.AlreadyCredited);
        ledger.Verify(l => l.AddIfMissingAsync(It.Is<LedgerEntry>(e => e.Email == "Doctor@Clinic.example"), It.IsAny<CancellationToken>()));
    }
}
