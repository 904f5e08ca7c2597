namespace Nmo.Core.Credentials;

/// <summary>
/// The keys signed credentials are made with (section <c>Credentials</c>). Without usable keys no credential is
/// signed: the credential routes answer 503, and in Azure the app does not start.
/// </summary>
public sealed class CredentialOptions
{
    public const string SectionName = "Credentials";

    /// <summary>
    /// One or more PKCS#8 PEM private keys on the P-256 curve, newest first (<c>Credentials:SigningKeys</c>): the
    /// first signs, every one is published so credentials signed before a rotation still verify. Remove a key to
    /// retire it.
    /// </summary>
    public string? SigningKeys { get; set; }
}
