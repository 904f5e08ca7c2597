using System.Diagnostics;
using Nmo.Core.Credentials;

namespace Nmo.Deployment.Tests.Azd;

/// <summary>
/// Runs infra/hooks/postprovision.sh against a stand-in <c>az</c> that keeps the vault as files, to prove what
/// an operator relies on: the secrets land in the vault, none is printed, and an existing hash key is never
/// replaced (that would make every code already e-mailed unusable).
/// </summary>
public sealed class PostprovisionHookTests : IDisposable
{
    private const string FakeAz = """
        #!/bin/sh
        # Stand-in for the Azure CLI: secrets are files in $FAKE_VAULT; every call is logged to $FAKE_LOG.
        echo "az $*" >> "$FAKE_LOG"
        arg() { echo "$@" | sed -n "s/.*--$1 \([^ ]*\).*/\1/p"; }
        case "$1 $2 $3" in
          "account show "*) exit 0 ;;
          "keyvault secret show")
            if [ -n "${FAKE_FORBIDDEN:-}" ]; then echo "ERROR: (Forbidden) Caller is not authorized" >&2; exit 1; fi
            name=$(arg name "$@")
            if [ -f "$FAKE_VAULT/$name" ]; then cat "$FAKE_VAULT/$name"; echo; exit 0; fi
            echo "ERROR: (SecretNotFound) A secret with (name/id) $name was not found in this key vault." >&2
            exit 1 ;;
          "keyvault secret set")
            if [ -n "${FAKE_FORBIDDEN:-}" ]; then echo "ERROR: (Forbidden) Caller is not authorized" >&2; exit 1; fi
            cp "$(arg file "$@")" "$FAKE_VAULT/$(arg name "$@")"
            exit 0 ;;
          "functionapp restart "*) exit 0 ;;
          "role assignment create") echo "/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/temp-1"; exit 0 ;;
          "role assignment delete") exit 0 ;;
        esac
        echo "unexpected: az $*" >&2
        exit 2
        """;

    private readonly string root = Directory.CreateTempSubdirectory("nmo-hook-").FullName;

    public PostprovisionHookTests()
    {
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        Directory.CreateDirectory(Vault);
        var az = Path.Combine(root, "bin", "az");
        File.WriteAllText(az, FakeAz.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Vault => Path.Combine(root, "vault");

    private string Log => Path.Combine(root, "az.log");

    [Fact]
    public void First_provision_generates_a_hash_key_without_printing_it()
    {
        var run = RunHook();

        Assert.Equal(0, run.ExitCode);
        var hashKey = File.ReadAllText(Path.Combine(Vault, "codes-hash-key"));
        Assert.True(hashKey.Length >= 48, "the generated key is too short: " + hashKey.Length);
        Assert.DoesNotContain(hashKey, run.Output, StringComparison.Ordinal);
        Assert.Contains("SENDGRID_API_KEY", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Vault, "sendgrid-api-key")));
    }

    [Fact]
    public void First_provision_creates_one_signing_key_the_app_can_use_without_printing_it()
    {
        var run = RunHook();

        Assert.Equal(0, run.ExitCode);
        var secret = File.ReadAllText(Path.Combine(Vault, "credentials-signing-keys"));
        var ring = SigningKeyRing.FromSetting(secret);
        Assert.Null(ring.Problem);
        Assert.Single(ring.Keys);
        Assert.DoesNotContain("PRIVATE KEY", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", File.ReadAllText(Log), StringComparison.Ordinal);
    }

    [Fact]
    public void Signing_keys_are_kept_across_provisions_and_rotated_only_when_asked_with_the_old_key_still_published()
    {
        var first = SigningKeyRing.NewKeyPem();
        File.WriteAllText(Path.Combine(Vault, "credentials-signing-keys"), first);
        var old = SigningKeyRing.FromSetting(first).Current.Thumbprint;

        Assert.Equal(0, RunHook().ExitCode);
        Assert.Equal(first, File.ReadAllText(Path.Combine(Vault, "credentials-signing-keys")));

        var run = RunHook(("CREDENTIALS_SIGNING_KEY_ROTATE", "true"));

        Assert.Equal(0, run.ExitCode);
        var rotated = SigningKeyRing.FromSetting(File.ReadAllText(Path.Combine(Vault, "credentials-signing-keys")));
        Assert.Null(rotated.Problem);
        Assert.Equal(2, rotated.Keys.Count);
        Assert.NotEqual(old, rotated.Current.Thumbprint);
        Assert.Equal(old, rotated.Keys[1].Thumbprint);
        Assert.Contains("az functionapp restart", File.ReadAllText(Log), StringComparison.Ordinal);
    }

    [Fact]
    public void SendGrid_key_from_the_azd_environment_is_written_and_the_app_restarted()
    {
        var run = RunHook(("SENDGRID_API_KEY", "SG.test-key-not-real"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("SG.test-key-not-real", File.ReadAllText(Path.Combine(Vault, "sendgrid-api-key")));
        Assert.DoesNotContain("SG.test-key-not-real", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SG.test-key-not-real", File.ReadAllText(Log), StringComparison.Ordinal);
        Assert.Contains("az functionapp restart --name func-nmo-test", File.ReadAllText(Log), StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_verification_key_from_the_azd_environment_goes_to_the_vault_the_app_setting_references()
    {
        const string key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-test-not-a-real-key";
        var run = RunHook(("SENDGRID_WEBHOOK_PUBLIC_KEY", key));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(key, File.ReadAllText(Path.Combine(Vault, "sendgrid-webhook-public-key")));
        Assert.DoesNotContain(key, run.Output, StringComparison.Ordinal);
        Assert.Contains("az functionapp restart --name func-nmo-test", File.ReadAllText(Log), StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_hash_key_is_kept_when_a_different_one_is_given()
    {
        File.WriteAllText(Path.Combine(Vault, "codes-hash-key"), "the-key-every-issued-code-was-hashed-with");
        File.WriteAllText(Path.Combine(Vault, "credentials-signing-keys"), SigningKeyRing.NewKeyPem());

        var run = RunHook(("CODES_HASH_KEY", "a-new-key"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("the-key-every-issued-code-was-hashed-with", File.ReadAllText(Path.Combine(Vault, "codes-hash-key")));
        Assert.Contains("NOT written", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", File.ReadAllText(Log), StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_key_is_replaced_only_when_asked_to()
    {
        File.WriteAllText(Path.Combine(Vault, "codes-hash-key"), "old-key");

        var run = RunHook(("CODES_HASH_KEY", "a-new-key"), ("CODES_HASH_KEY_REPLACE", "true"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("a-new-key", File.ReadAllText(Path.Combine(Vault, "codes-hash-key")));
    }

    [Fact]
    public void A_vault_it_cannot_read_yet_is_not_taken_for_an_empty_one()
    {
        // Right after provisioning the operator's role may not apply yet: reading fails with Forbidden. Taking
        // that for "no hash key" would generate and later write a new one over the real key.
        var run = RunHook(("FAKE_FORBIDDEN", "1"));

        Assert.NotEqual(0, run.ExitCode);
        Assert.DoesNotContain("keyvault secret set", File.ReadAllText(Log), StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets Officer", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_standing_roles_the_hook_grants_itself_the_vault_for_its_run_only()
    {
        // Issue 11 item 13: the deployer holds no standing Key Vault role; the hook still writes the hash key on
        // the first provision, and the assignment it needed is gone when it ends, even when it fails.
        var run = RunHook(("AZURE_DEPLOYER_PRINCIPAL_ID", "00000000-0000-0000-0000-00000000d00d"), ("AZURE_KEY_VAULT_ID", "/subscriptions/s/vaults/kv-nmo-test"));

        Assert.Equal(0, run.ExitCode);
        var log = File.ReadAllLines(Log);
        var grant = Array.FindIndex(log, l => l.StartsWith("az role assignment create", StringComparison.Ordinal));
        var write = Array.FindIndex(log, l => l.StartsWith("az keyvault secret set", StringComparison.Ordinal) && l.Contains("codes-hash-key", StringComparison.Ordinal));
        var revoke = Array.FindIndex(log, l => l.StartsWith("az role assignment delete --ids /subscriptions/s/providers/Microsoft.Authorization/roleAssignments/temp-1", StringComparison.Ordinal));
        Assert.True(grant >= 0 && write > grant && revoke > write, "expected grant, write, revoke in order:\n" + string.Join("\n", log));
        Assert.Contains("--scope /subscriptions/s/vaults/kv-nmo-test", log[grant], StringComparison.Ordinal);
        Assert.Contains("Key Vault Secrets Officer", log[grant], StringComparison.Ordinal);

        File.Delete(Log);
        var failing = RunHook(("AZURE_DEPLOYER_PRINCIPAL_ID", "d00d"), ("AZURE_KEY_VAULT_ID", "/v"), ("FAKE_FORBIDDEN", "1"));
        Assert.NotEqual(0, failing.ExitCode);
        Assert.Contains(File.ReadAllLines(Log), l => l.StartsWith("az role assignment delete", StringComparison.Ordinal));
    }

    [Fact]
    public void With_standing_roles_opted_in_the_hook_grants_nothing()
    {
        var run = RunHook(("AZURE_DEPLOYER_PRINCIPAL_ID", "d00d"), ("AZURE_KEY_VAULT_ID", "/v"), ("AZURE_DEPLOYER_DATA_ACCESS", "true"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("role assignment", File.ReadAllText(Log), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private (int ExitCode, string Output) RunHook(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Infra, "hooks", "postprovision.sh"));
        foreach (var name in new[] { "SENDGRID_API_KEY", "SENDGRID_WEBHOOK_PUBLIC_KEY", "CODES_HASH_KEY", "CODES_HASH_KEY_REPLACE", "CREDENTIALS_SIGNING_KEY_ROTATE", "AZURE_DEPLOYER_PRINCIPAL_ID", "AZURE_KEY_VAULT_ID", "AZURE_DEPLOYER_DATA_ACCESS" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = Path.Combine(root, "bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["FAKE_VAULT"] = Vault;
        start.Environment["FAKE_LOG"] = Log;
        start.Environment["POSTPROVISION_RETRY_SECONDS"] = "0";
        start.Environment["AZURE_KEY_VAULT_NAME"] = "kv-nmo-test";
        start.Environment["AZURE_FUNCTION_APP_NAME"] = "func-nmo-test";
        start.Environment["AZURE_RESOURCE_GROUP"] = "rg-test";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the hook did not finish in 60 s");
        return (process.ExitCode, output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult());
    }
}
