namespace Nmo.Core.Codes;

public static class CodeStatus
{
    public const string Issued = "issued";
    public const string Activated = "activated";
    public const string Revoked = "revoked";
}
