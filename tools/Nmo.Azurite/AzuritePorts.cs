using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nmo.Azurite;

/// <summary>The blob, queue and table ports of one Azurite; 0 means "pick a free one".</summary>
internal readonly record struct AzuritePorts(int Blob, int Queue, int Table)
{
    /// <summary>The storage emulator's standard ports, where <c>func start</c> and the SDKs look for it.</summary>
    public static AzuritePorts Standard { get; } = new(10000, 10001, 10002);

    public bool IsStandard => this == Standard;

    public bool PicksAny => Blob == 0 || Queue == 0 || Table == 0;

    public int[] All => [Blob, Queue, Table];

    /// <summary>These ports with every 0 replaced by a free port; the picks differ from each other.</summary>
    public AzuritePorts PickFree()
    {
        // All listeners stay open until the three are picked, so the picks differ from each other.
        var listeners = new List<TcpListener>();
        try
        {
            int Pick(int requested)
            {
                if (requested != 0)
                {
                    return requested;
                }

                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                return ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            return new AzuritePorts(Pick(Blob), Pick(Queue), Pick(Table));
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    public override string ToString() => string.Join(", ", All.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
