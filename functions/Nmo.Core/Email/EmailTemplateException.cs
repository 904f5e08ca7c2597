namespace Nmo.Core.Email;

/// <summary>A template file that cannot be used (unknown placeholder, unclosed section, missing code).</summary>
public sealed class EmailTemplateException(string message) : Exception(message);
