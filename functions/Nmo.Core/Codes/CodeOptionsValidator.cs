using Microsoft.Extensions.Options;

namespace Nmo.Core.Codes;

/// <summary>Refuses a missing or short code key with a message that names the setting.</summary>
public sealed class CodeOptionsValidator : IValidateOptions<CodeOptions>
{
    public ValidateOptionsResult Validate(string? name, CodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return CodeSecrets.KeyProblem(options.HashKey) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
