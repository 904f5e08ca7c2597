namespace Nmo.Core.Certificates;

/// <summary>The code line of a certificate PDF: the code itself for its holder, masked for anyone else.</summary>
public sealed record PrintedCode(string Text, bool Masked);
