namespace Nmo.Core.Common;

/// <summary>
/// A kind of failure the API answers with: its stable code (the <c>code</c> member of every problem+json body,
/// which clients branch on) and its HTTP status. The words live in <see cref="Localization.Texts"/>: the detail
/// under the code itself, the short title under <see cref="TitleKey"/>.
/// </summary>
public sealed record ProblemType(string Code, int Status)
{
    public static ProblemType AuthMissing { get; } = new("auth.missing", 401);
    public static ProblemType AuthInvalid { get; } = new("auth.invalid", 401);
    public static ProblemType AuthForbidden { get; } = new("auth.forbidden", 403);

    public static ProblemType BodyMissing { get; } = new("body.missing", 400);
    public static ProblemType BodyInvalidJson { get; } = new("body.invalid-json", 400);
    public static ProblemType BodyTooLarge { get; } = new("body.too-large", 413);

    public static ProblemType IdInvalid { get; } = new("id.invalid", 400);
    public static ProblemType DoctorInvalid { get; } = new("doctor.invalid", 400);
    public static ProblemType EmailInvalid { get; } = new("email.invalid", 400);
    public static ProblemType FieldInvalid { get; } = new("field.invalid", 422);
    public static ProblemType ProviderInvalid { get; } = new("provider.invalid", 422);

    public static ProblemType EventInvalid { get; } = new("event.invalid", 422);
    public static ProblemType EventNotFound { get; } = new("event.not-found", 404);
    public static ProblemType EventKindMismatch { get; } = new("event.kind-mismatch", 409);
    public static ProblemType EventLocked { get; } = new("event.locked", 409);
    public static ProblemType EventChanged { get; } = new("event.changed", 412);
    public static ProblemType ModuleNotRegistered { get; } = new("module.not-registered", 404);

    public static ProblemType UploadNotFound { get; } = new("upload.not-found", 404);
    public static ProblemType UploadUnusable { get; } = new("upload.unusable", 422);
    public static ProblemType UploadReportNotReady { get; } = new("upload.report-not-ready", 409);
    public static ProblemType UploadReportRejected { get; } = new("upload.report-rejected", 409);
    public static ProblemType UploadReportFailed { get; } = new("upload.report-failed", 409);

    public static ProblemType CodeMistyped { get; } = new("code.mistyped", 422);
    public static ProblemType CodeUnknown { get; } = new("code.unknown", 404);
    public static ProblemType CodeTaken { get; } = new("code.taken", 409);
    public static ProblemType CodeRevoked { get; } = new("code.revoked", 410);
    public static ProblemType CodeThrottled { get; } = new("code.throttled", 429);
    public static ProblemType CodeAlreadyCredited { get; } = new("code.already-credited", 409);

    public static ProblemType ReissueAttendeeNotFound { get; } = new("reissue.attendee-not-found", 404);
    public static ProblemType ReissueAlreadyActivated { get; } = new("reissue.already-activated", 409);
    public static ProblemType WithdrawalInvalid { get; } = new("withdrawal.invalid", 422);
    public static ProblemType WithdrawalAttendeeNotFound { get; } = new("withdrawal.attendee-not-found", 404);
    public static ProblemType AttendeeWithdrawn { get; } = new("attendee.withdrawn", 409);

    // The codes keep SendGrid's product name ("Event Webhook"): clients already branch on them.
    public static ProblemType DeliveryReportsNotConfigured { get; } = new("email-events.not-configured", 503);
    public static ProblemType DeliveryReportUnsigned { get; } = new("email-events.unsigned", 401);
    public static ProblemType DeliveryReportBadSignature { get; } = new("email-events.bad-signature", 403);
    public static ProblemType DeliveryReportStale { get; } = new("email-events.stale", 403);
    public static ProblemType DeliveryReportTooLarge { get; } = new("email-events.too-large", 413);

    public static ProblemType QueryInvalid { get; } = new("query.invalid", 400);
    public static ProblemType RouteNotFound { get; } = new("route.not-found", 404);
    public static ProblemType CertificateNotFound { get; } = new("certificate.not-found", 404);
    public static ProblemType CertificateThrottled { get; } = new("certificate.throttled", 429);
    public static ProblemType StorageUnavailable { get; } = new("storage.unavailable", 503);
    public static ProblemType CertificateRevoked { get; } = new("certificate.revoked", 410);
    public static ProblemType CredentialUnavailable { get; } = new("credential.unavailable", 503);

    // Access without shared keys (issue 16 item 4).
    public static ProblemType AccessTokenMissing { get; } = new("access.token-missing", 401);
    public static ProblemType AccessTokenInvalid { get; } = new("access.token-invalid", 401);
    public static ProblemType AccessTokenExpired { get; } = new("access.token-expired", 401);
    public static ProblemType AccessKeyInvalid { get; } = new("access.key-invalid", 401);
    public static ProblemType AccessRoleMissing { get; } = new("access.role-missing", 403);
    public static ProblemType AccessUnavailable { get; } = new("access.unavailable", 503);
    public static ProblemType ProviderNotFound { get; } = new("provider.not-found", 404);
    public static ProblemType ProviderKeyNotFound { get; } = new("provider-key.not-found", 404);

    /// <summary>Every problem the API can answer with (declared last: static members initialise in order).</summary>
    public static IReadOnlyList<ProblemType> All { get; } =
    [
        AuthMissing, AuthInvalid, AuthForbidden, BodyMissing, BodyInvalidJson, BodyTooLarge, IdInvalid, DoctorInvalid,
        EmailInvalid, FieldInvalid, ProviderInvalid, EventInvalid, EventNotFound, EventKindMismatch, ModuleNotRegistered,
        UploadNotFound, UploadUnusable, UploadReportNotReady, UploadReportRejected, UploadReportFailed, CodeMistyped,
        CodeUnknown, CodeTaken, CodeRevoked, CodeThrottled, ReissueAttendeeNotFound, ReissueAlreadyActivated,
        DeliveryReportsNotConfigured, DeliveryReportUnsigned, DeliveryReportBadSignature,
        QueryInvalid, RouteNotFound,
        CertificateNotFound, CertificateThrottled,
        CodeAlreadyCredited, EventLocked, EventChanged,
        DeliveryReportStale, DeliveryReportTooLarge,
        StorageUnavailable,
        WithdrawalInvalid,
        WithdrawalAttendeeNotFound,
        AttendeeWithdrawn,
        CertificateRevoked,
        CredentialUnavailable,
        AccessTokenMissing, AccessTokenInvalid, AccessTokenExpired, AccessKeyInvalid, AccessRoleMissing, AccessUnavailable,
        ProviderNotFound, ProviderKeyNotFound,
    ];

    /// <summary>The key of the short title in <see cref="Localization.Texts"/>.</summary>
    public string TitleKey => Code + ".title";
}
