using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nmo.Azurite;
using Nmo.Testing;

namespace Nmo.LocalHost.Tests;

public sealed class AzuriteLauncherTests
{
    [Fact]
    public async Task Started_on_free_ports_it_serves_storage_and_dispose_kills_it()
    {
        var azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions(), CancellationToken.None);
        var pid = azurite.ProcessId!.Value;
        try
        {
            Assert.True(azurite.Owned);
            Assert.Equal(3, new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort }.Distinct().Count());
            var clients = AzuriteFixture.ClientsFor(azurite.ConnectionString);
            await clients.Queue("launcher-check").CreateIfNotExistsAsync();
            await clients.Table("LauncherCheck").CreateIfNotExistsAsync();
            await clients.Container("launcher-check").CreateIfNotExistsAsync();
            Assert.False(HasExited(pid));
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.True(HasExited(pid));
        Assert.False(await AcceptsAsync(azurite.QueuePort));
    }

    [Fact]
    public async Task Node_arguments_reach_node_so_a_cpu_profile_is_written_when_azurite_stops()
    {
        var directory = Directory.CreateTempSubdirectory("nmo-azurite-profile-").FullName;
        try
        {
            var azurite = await AzuriteLauncher.StartAsync(new AzuriteStartOptions { NodeArguments = ["--cpu-prof", "--cpu-prof-dir", directory] }, CancellationToken.None);
            await AzuriteFixture.ClientsFor(azurite.ConnectionString).Queue("profile-check").CreateIfNotExistsAsync();
            Assert.Empty(Directory.GetFiles(directory));

            await azurite.DisposeAsync();

            var profile = Assert.Single(Directory.GetFiles(directory, "*.cpuprofile"));
            Assert.Contains("\"samples\"", await File.ReadAllTextAsync(profile), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_azurite_already_listening_is_reused_and_left_running()
    {
        await using var owner = await AzuriteLauncher.StartAsync(new AzuriteStartOptions(), CancellationToken.None);
        var ports = new AzuriteStartOptions { BlobPort = owner.BlobPort, QueuePort = owner.QueuePort, TablePort = owner.TablePort };

        var reused = await AzuriteLauncher.ReuseOrStartAsync(ports, CancellationToken.None);
        await AzuriteFixture.ClientsFor(reused.ConnectionString).Queue("shared-store").CreateIfNotExistsAsync();
        await reused.DisposeAsync();

        Assert.False(reused.Owned);
        Assert.Null(reused.ProcessId);
        Assert.False(HasExited(owner.ProcessId!.Value));
        Assert.True((await AzuriteFixture.ClientsFor(owner.ConnectionString).Queue("shared-store").ExistsAsync()).Value);
    }

    [Fact]
    public async Task An_azurite_we_did_not_start_is_not_restarted_when_it_dies()
    {
        var owner = new AzuriteFixture();
        await owner.InitializeAsync();
        try
        {
            var instance = owner.Instance;
            var reused = await AzuriteLauncher.ReuseOrStartAsync(
                new AzuriteStartOptions { BlobPort = instance.BlobPort, QueuePort = instance.QueuePort, TablePort = instance.TablePort, RestartIfExited = true },
                CancellationToken.None);
            await using (reused)
            {
                owner.Kill();
                await Task.Delay(TimeSpan.FromSeconds(3));

                Assert.False(reused.Owned);
                Assert.False(await AcceptsAsync(instance.QueuePort));
            }
        }
        finally
        {
            await owner.DisposeAsync();
        }
    }

    [Fact]
    public async Task Free_ports_get_an_azurite_of_our_own()
    {
        var (blob, queue, table) = FreePorts();

        await using var started = await AzuriteLauncher.ReuseOrStartAsync(
            new AzuriteStartOptions { BlobPort = blob, QueuePort = queue, TablePort = table }, CancellationToken.None);

        Assert.True(started.Owned);
        Assert.Equal((blob, queue, table), (started.BlobPort, started.QueuePort, started.TablePort));
        Assert.Contains($"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1", started.ConnectionString, StringComparison.Ordinal);
        Assert.True(await AcceptsAsync(queue));
    }

    [Fact]
    public async Task Data_in_a_data_directory_survives_a_restart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "nmo-azurite-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await AzuriteLauncher.StartAsync(new AzuriteStartOptions { DataDirectory = directory }, CancellationToken.None))
            {
                await AzuriteFixture.ClientsFor(first.ConnectionString).Queue("kept").CreateIfNotExistsAsync();
            }

            await using var second = await AzuriteLauncher.StartAsync(new AzuriteStartOptions { DataDirectory = directory }, CancellationToken.None);
            Assert.True((await AzuriteFixture.ClientsFor(second.ConnectionString).Queue("kept").ExistsAsync()).Value);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Ports_partly_taken_by_another_program_give_a_clear_error()
    {
        var (blob, queue, table) = FreePorts();
        var other = new TcpListener(IPAddress.Loopback, queue);
        other.Start();
        try
        {
            var error = await Assert.ThrowsAsync<AzuriteException>(() => AzuriteLauncher.ReuseOrStartAsync(
                new AzuriteStartOptions { BlobPort = blob, QueuePort = queue, TablePort = table }, CancellationToken.None));

            Assert.Contains("Only some of the storage ports are in use", error.Message, StringComparison.Ordinal);
            Assert.Contains(queue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }
        finally
        {
            other.Stop();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_lock_file_changed_since_the_install_installs_again(bool lockChanged)
    {
        var root = Path.Combine(Path.GetTempPath(), "nmo-npm-test-" + Guid.NewGuid().ToString("N"));
        var entry = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "package.json"), """{ "name": "x", "private": true, "devDependencies": { "azurite": "3.37.0" } }""");
            await File.WriteAllTextAsync(entry, "");
            var installedLock = Path.Combine(root, "node_modules", ".package-lock.json");
            await File.WriteAllTextAsync(installedLock, "{}");

            // A lock file npm ci refuses: whether npm ran shows as the error, without touching the network.
            var pinnedLock = Path.Combine(root, "package-lock.json");
            await File.WriteAllTextAsync(pinnedLock, "not json");
            var installedAt = DateTime.UtcNow.AddMinutes(-10);
            File.SetLastWriteTimeUtc(installedLock, installedAt);
            File.SetLastWriteTimeUtc(pinnedLock, lockChanged ? installedAt.AddMinutes(5) : installedAt.AddMinutes(-5));

            var install = new AzuriteInstallation(root).EnsureInstalledAsync(CancellationToken.None);
            if (lockChanged)
            {
                var error = await Assert.ThrowsAsync<AzuriteException>(() => install);
                Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
            }
            else
            {
                await install;
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_failing_npm_install_reports_what_npm_printed()
    {
        var root = Path.Combine(Path.GetTempPath(), "nmo-npm-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            // No package-lock.json: npm ci refuses before touching the network.
            await File.WriteAllTextAsync(Path.Combine(root, "package.json"), """{ "name": "x", "private": true, "devDependencies": { "azurite": "3.37.0" } }""");

            var error = await Assert.ThrowsAsync<AzuriteException>(() =>
                AzuriteLauncher.StartAsync(new AzuriteStartOptions { RepositoryRoot = root }, CancellationToken.None));

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
            Assert.Contains("package-lock.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_repository_root_is_where_package_json_pins_azurite()
    {
        var root = AzuriteInstallation.FindRepositoryRoot();

        Assert.Contains("\"azurite\"", File.ReadAllText(Path.Combine(root, "package.json")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "package-lock.json")));
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return (ports[0], ports[1], ports[2]);
    }
}
