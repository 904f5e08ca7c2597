namespace Nmo.Azurite;

/// <summary>Connection strings for an Azurite on 127.0.0.1, with the emulator's well-known account.</summary>
public static class AzuriteConnectionStrings
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The storage emulator's well-known, public account key (not a secret).</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>What <c>func start</c> and the SDKs understand as Azurite on 127.0.0.1:10000-10002.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>An explicit connection string for an Azurite on 127.0.0.1 with the given ports.</summary>
    public static string For(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    internal static string For(AzuritePorts ports) => For(ports.Blob, ports.Queue, ports.Table);
}
