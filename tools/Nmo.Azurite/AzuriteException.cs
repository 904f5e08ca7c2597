namespace Nmo.Azurite;

/// <summary>Azurite could not be installed, started or reused; the message says why and what Azurite or npm printed.</summary>
public sealed class AzuriteException : Exception
{
    public AzuriteException(string message)
        : base(message)
    {
    }

    public AzuriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
