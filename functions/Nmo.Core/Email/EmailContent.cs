namespace Nmo.Core.Email;

/// <summary>Subject, HTML and plain-text parts, each possibly holding <c>{{name}}</c> placeholders.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);
