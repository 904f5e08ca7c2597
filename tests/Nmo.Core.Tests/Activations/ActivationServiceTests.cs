using Nmo.Core.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Nmo.Core.Activations;
using Nmo.Core.Codes;
using Nmo.Core.Events;
using Nmo.Core.Localization;
using Nmo.Core.Messaging;
using Nmo.Core.Plan;
using Nmo.Core.Tests.Common;

namespace Nmo.Core.Tests.Activations;

public sealed class ActivationServiceTests
{
    private readonly Mock<ICodeStore> codes = new();
    private readonly Mock<ILedgerStore> ledger = new();
    private readonly Mock<IThrottleStore> throttle = new();
    private readonly CodeSecrets secrets = new("activation-tests-key-0123456789abcdef");

    private ActivationService Service()
    {
        throttle.Setup(s => s.TrySaveAsync(It.IsAny<ThrottleState>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var time = TimeProvider.System;
        return new ActivationService(
            codes.Object, secrets, Mock.Of<IEventStore>(), ledger.Object, new CreditEffects(ledger.Object, Mock.Of<IMessageQueue>(), time), Mock.Of<IAuditLog>(),
            new ActivationThrottle(throttle.Object, new ThrottleOptions(), time), time, NullLogger<ActivationService>.Instance);
    }

    [Fact]
    public async Task A_doctor_credited_for_the_event_by_another_code_is_refused_before_the_code_is_written()
    {
        var code = ConfirmationCode.Generate();
        var hash = secrets.Hash(code);
        codes.Setup(s => s.FindAsync(hash, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CodeRecord(hash, "ev-1", "att-1", CodeStatus.Issued, null, DateTimeOffset.UtcNow, null, "etag-1"));
        ledger.Setup(s => s.FindAsync("d1", LedgerEntry.IdFor(ActivityKinds.Event, "ev-1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LedgerEntry(
                "d1", LedgerEntry.IdFor(ActivityKinds.Event, "ev-1"), ActivityKinds.Event, "ev-1", "t", "p", "p", new DateOnly(2026, 11, 21), 6m,
                "another-code-hash", "ABCD-****", "d1@clinic.example", "ru", DateTimeOffset.UtcNow));

        var problem = ResultAssert.Problem(await Service().ActivateAsync(new ActivationRequest("d1", "d1@clinic.example", code), Language.Ru, CancellationToken.None));

        Assert.Equal("code.already-credited", problem.Code);
        Assert.Equal(409, problem.Status);
        codes.Verify(s => s.TryReplaceAsync(It.IsAny<CodeRecord>(), It.IsAny<CancellationToken>()), Times.Never);
    }
}
