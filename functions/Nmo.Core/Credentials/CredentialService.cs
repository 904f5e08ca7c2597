using System.Globalization;
using System.Text.Json.Nodes;
using Nmo.Core.Certificates;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Credentials;

/// <summary>
/// A certificate as an Open Badges 3.0 <c>OpenBadgeCredential</c>, signed in the JSON Web Token proof format
/// (OB 3.0 §8.2, "VC-JWT"), and what a verifier needs to check it offline: the issuer's profile and public keys.
/// The certificate is found as its verification page finds it, with the same 404s and the same throttle.
/// </summary>
public sealed class CredentialService(CertificateVerificationService verification, SigningKeyRing keys, CertificateOptions certificates)
{
    /// <summary>VCDM 2.0 first, as it requires; then the OB 3.0 context the spec's own examples use.</summary>
    private static readonly string[] Contexts =
        ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"];

    // Event dates are Moscow dates, as the certificate prints them.
    private const string Moscow = "+03:00";

    public string IssuerId => certificates.BaseUrl + "/api/issuer";

    public string KeySetUrl => IssuerId + "/jwks.json";

    /// <summary>OB 3.0 §8.2.3: the <c>kid</c> is a URI that dereferences to the key's JWK, here its entry in the key set.</summary>
    public string KeyId(SigningKey key) => KeySetUrl + "#" + (key ?? throw new ArgumentNullException(nameof(key))).Thumbprint;

    /// <summary>The provider a credential names as its issuer: a profile within the operator's service.</summary>
    public string ProviderProfileId(string providerId) => IssuerId + "#provider-" + providerId;

    /// <returns>
    /// The compact JWS. A revoked certificate gets no credential (410): a signed credential carries no expiry and
    /// this service publishes no status list, so signing one now would hand out a proof of a void certificate that
    /// verifies forever. Credentials signed before a revocation name the verification page as their id, which
    /// stays the live source of the certificate's state.
    /// </returns>
    public async Task<Result<string>> CredentialAsync(string? certificateId, string client, Language language, CancellationToken cancellationToken)
    {
        // Refused before the look-up, so a missing key neither reveals which ids exist nor counts against a client.
        if (keys.Problem is not null)
        {
            return Problem.Of(ProblemType.CredentialUnavailable, language);
        }

        var found = await verification.FindAsync(certificateId, client, language, cancellationToken);
        if (!found.IsOk)
        {
            return found.Problem;
        }

        var document = found.Value;
        if (document.View.State == CertificateState.Revoked)
        {
            return Problem.Of(ProblemType.CertificateRevoked, language, document.View.Links.Verification)
                .With("verificationUrl", document.View.Links.Verification);
        }

        return keys.Sign(Credential(document, language), KeyId(keys.Current));
    }

    /// <summary>The operator's service as an OB 3.0 Profile: the organisation every provider profile belongs to.</summary>
    public JsonObject Issuer(Language language)
    {
        var profile = OperatorProfile(language);
        profile.Insert(0, "@context", new JsonArray([.. Contexts.Select(c => JsonValue.Create(c))]));
        return profile;
    }

    /// <summary>Every configured key's public half (RFC 7517 JWK Set): keys of earlier rotations stay until retired.</summary>
    public Result<JsonObject> KeySet(Language language) =>
        keys.Problem is not null
            ? Problem.Of(ProblemType.CredentialUnavailable, language)
            : new JsonObject { ["keys"] = new JsonArray([.. keys.Keys.Select(k => (JsonNode)k.PublicJwk(KeyId(k)))]) };

    private JsonObject OperatorProfile(Language language) => new()
    {
        ["id"] = IssuerId,
        ["type"] = new JsonArray("Profile"),
        ["name"] = Texts.Get("credential.issuer.name", language),
        ["url"] = certificates.BaseUrl,
    };

    /// <remarks>
    /// OB 3.0 §8.2.4.1 (the VCDM 2.0 form, not the VCDM 1.1 <c>vc</c> claim): the payload is the credential itself,
    /// with <c>iss</c> = issuer.id, <c>jti</c> = id, <c>nbf</c> = validFrom and <c>sub</c> = credentialSubject.id.
    /// The holder is named as the certificate prints the name (an IdentityObject of type "name"), never by e-mail,
    /// СНИЛС or code; the subject's id is a URI of this certificate's holder, which says nothing more.
    /// </remarks>
    private JsonObject Credential(CertificateDocument document, Language language)
    {
        var view = document.View;
        var ev = document.Event;
        var id = view.Links.Verification;
        var subjectId = id + "#holder";
        var issuerId = ProviderProfileId(ev.ProviderId);
        // nbf is whole seconds and must equal validFrom, so validFrom is written at that precision.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(document.Certificate.IssuedAt.ToUnixTimeSeconds());
        string T(string key, params object?[] args) => Texts.Get(key, language, args);
        var dates = CertificatePage.FormatRange(ev.StartDate, ev.EndDate, language);

        return new JsonObject
        {
            ["@context"] = new JsonArray([.. Contexts.Select(c => JsonValue.Create(c))]),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = ev.Title,
            ["issuer"] = new JsonObject
            {
                ["id"] = issuerId,
                ["type"] = new JsonArray("Profile"),
                ["name"] = ev.ProviderName,
                ["parentOrg"] = OperatorProfile(language),
            },
            ["validFrom"] = issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = subjectId,
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(new JsonObject
                {
                    ["type"] = "IdentityObject",
                    ["identityType"] = "name",
                    ["hashed"] = false,
                    ["identity"] = view.HolderName,
                }),
                ["activityStartDate"] = ev.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00" + Moscow,
                ["activityEndDate"] = ev.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T23:59:59" + Moscow,
                ["creditsEarned"] = ev.Credits,
                ["achievement"] = new JsonObject
                {
                    ["id"] = IssuerId + "#event-" + ev.EventId,
                    ["type"] = new JsonArray("Achievement"),
                    ["achievementType"] = "Course",
                    ["name"] = ev.Title,
                    ["description"] = T("credential.achievement.description", ev.Title, dates, ev.Place, ev.ProviderName),
                    ["criteria"] = new JsonObject { ["narrative"] = T("credential.achievement.criteria", CertificatePage.FormatNumber(ev.Credits, language)) },
                    ["creditsAvailable"] = ev.Credits,
                    ["fieldOfStudy"] = T("credential.achievement.field"),
                },
            },
            ["iss"] = issuerId,
            ["jti"] = id,
            ["nbf"] = issuedAt.ToUnixTimeSeconds(),
            ["sub"] = subjectId,
        };
    }
}
