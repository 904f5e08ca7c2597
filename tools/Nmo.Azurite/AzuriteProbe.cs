using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nmo.Azurite;

/// <summary>Whether something accepts connections on Azurite's ports, now or within a while.</summary>
internal static class AzuriteProbe
{
    /// <summary>Which of the three ports accept a connection on 127.0.0.1 now.</summary>
    public static async Task<PortsListening> ListeningAsync(AzuritePorts ports, CancellationToken cancellationToken)
    {
        var all = ports.All;
        var busy = new List<int>();
        var free = new List<int>();
        foreach (var port in all)
        {
            (await AcceptsAsync(port, cancellationToken).ConfigureAwait(false) ? busy : free).Add(port);
        }

        return new PortsListening(busy, free);
    }

    /// <summary>
    /// Waits until all three ports accept connections: true then, false when <paramref name="giveUp"/> completes
    /// first (the process that should listen has exited).
    /// </summary>
    /// <exception cref="TimeoutException">They did not all listen within <paramref name="timeout"/>.</exception>
    public static async Task<bool> WaitUntilListeningAsync(AzuritePorts ports, Task giveUp, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (giveUp.IsCompleted)
            {
                return false;
            }

            if ((await ListeningAsync(ports, cancellationToken).ConfigureAwait(false)).All)
            {
                return true;
            }

            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException($"Nothing listened on 127.0.0.1 ports {ports} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
