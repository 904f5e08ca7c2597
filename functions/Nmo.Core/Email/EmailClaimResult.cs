namespace Nmo.Core.Email;

/// <summary>What a claim on a single e-mail found.</summary>
public abstract record EmailClaimResult
{
    private EmailClaimResult()
    {
    }

    /// <summary>This sender holds it; <see cref="ETag"/> is the version to record the outcome against.</summary>
    public sealed record Claimed(string ETag) : EmailClaimResult;

    /// <summary>Another sender claimed it recently and may still be sending it.</summary>
    public sealed record HeldElsewhere : EmailClaimResult;

    /// <summary>It has an outcome already (sent, failed, delivered...).</summary>
    public sealed record Done(string Status) : EmailClaimResult;
}
