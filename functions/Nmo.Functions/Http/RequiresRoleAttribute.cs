namespace Nmo.Functions.Http;

/// <summary>
/// The app role (<see cref="Nmo.Core.Access.AccessRoles"/>) a caller's token must carry for this function, or for
/// every function of this class. Read once per function by <see cref="AccessAnswer"/>, which both hosts run before
/// the function: no handler checks access itself.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class RequiresRoleAttribute(string role) : Attribute
{
    public string Role { get; } = role;
}
