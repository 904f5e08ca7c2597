using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Nmo.Core.Codes;
using Nmo.Core.Configuration;

namespace Nmo.Core.Tests.Codes;

public sealed class CodeSecretsTests
{
    private const string Key = "test-key-0123456789-abcdefghijkl";
    private const string OtherKey = "other-key-0123456789-abcdefghijk";

    private static readonly Regex LowerHex64 = new("^[0-9a-f]{64}$", RegexOptions.CultureInvariant);
    private static readonly Regex ProtectedShape = new("^v1\\.[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant);

    [Fact]
    public void Hash_is_lower_case_hex_and_the_same_for_the_same_key()
    {
        var first = new CodeSecrets(Key);
        var second = new CodeSecrets(Key);
        foreach (var code in SampleCodes.Take(1_000))
        {
            var hash = first.Hash(code);
            Assert.Matches(LowerHex64, hash);
            Assert.Equal(hash, second.Hash(code));
        }
    }

    [Fact]
    public void Hash_differs_across_keys()
    {
        var one = new CodeSecrets(Key);
        var other = new CodeSecrets(OtherKey);
        Assert.All(SampleCodes.Take(1_000), code => Assert.NotEqual(one.Hash(code), other.Hash(code)));
    }

    [Fact]
    public void Different_codes_hash_differently()
    {
        var secrets = new CodeSecrets(Key);
        Assert.Equal(SampleCodes.Count, SampleCodes.All.Select(secrets.Hash).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Any_spelling_of_a_code_hashes_like_its_canonical_form()
    {
        var secrets = new CodeSecrets(Key);
        foreach (var code in SampleCodes.Take(1_000))
        {
            var noisy = " " + code.ToLowerInvariant().Replace("-", "\u2014", StringComparison.Ordinal).Replace('0', 'о') + " ";
            Assert.Equal(secrets.Hash(code), secrets.Hash(noisy));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCD-EFGH234")]
    [InlineData("ABCD-EFGH23456")]
    public void Hashing_something_that_cannot_be_a_code_is_refused(string value)
    {
        Assert.Throws<ArgumentException>(() => new CodeSecrets(Key).Hash(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("thirty-one-bytes-of-key-materia")]
    [InlineData("ключключключклю1")] // 16 characters but 31 UTF-8 bytes
    public void A_key_shorter_than_32_bytes_is_refused_with_a_clear_message(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new CodeSecrets(key));
        Assert.Contains(SettingNames.CodeHashKey, error.Message, StringComparison.Ordinal);
        Assert.Contains("32", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("thirty-two-bytes-of-key-material")]
    [InlineData("ключключключключ")] // 16 Cyrillic letters = 32 UTF-8 bytes
    public void A_key_of_32_bytes_is_accepted(string key)
    {
        var secrets = new CodeSecrets(key);
        Assert.Matches(LowerHex64, secrets.Hash(SampleCodes.All[0]));
    }

    [Theory]
    [InlineData("@Microsoft.KeyVault(VaultName=kv-nmo-abc;SecretName=codes-hash-key)")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://kv-nmo-abc.vault.azure.net/secrets/codes-hash-key/)")]
    [InlineData(" @microsoft.keyvault(VaultName=kv-nmo-abc;SecretName=codes-hash-key)")]
    public void An_unresolved_key_vault_reference_is_never_taken_for_the_key(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new CodeSecrets(key));
        Assert.Contains("Key Vault reference", error.Message, StringComparison.Ordinal);

        var result = new CodeOptionsValidator().Validate(null, new CodeOptions { HashKey = key });
        Assert.True(result.Failed);
        Assert.Contains(SettingNames.CodeHashKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_published_sample_key_is_refused()
    {
        var sample = Assert.Single(CodeSecrets.SampleKeys);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(sample) >= CodeSecrets.MinimumKeyBytes, "long enough to pass the length check alone");

        var result = new CodeOptionsValidator().Validate(null, new CodeOptions { HashKey = sample });

        Assert.True(result.Failed);
        Assert.Contains("sample", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new CodeSecrets(null!));
        var empty = new ConfigurationBuilder().Build().GetSection(CodeOptions.SectionName).Get<CodeOptions>() ?? new CodeOptions();
        var result = new CodeOptionsValidator().Validate(null, empty);
        Assert.True(result.Failed);
        Assert.Contains(SettingNames.CodeHashKey, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("ключключключклю1")]
    public void A_short_key_fails_the_options_validation_with_the_setting_named(string key)
    {
        var result = new CodeOptionsValidator().Validate(null, new CodeOptions { HashKey = key });

        Assert.True(result.Failed);
        Assert.Contains(SettingNames.CodeHashKey, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("32", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new CodeOptionsValidator().Validate(null, new CodeOptions { HashKey = Key }).Succeeded);
    }

    [Fact]
    public void The_key_is_read_from_the_codes_hash_key_setting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.CodeHashKey] = Key })
            .Build();
        var options = new CodeOptions();
        configuration.GetSection(CodeOptions.SectionName).Bind(options);
        var code = SampleCodes.All[0];
        Assert.Equal(new CodeSecrets(Key).Hash(code), new CodeSecrets(options.HashKey!).Hash(code));
    }

    [Fact]
    public void Protected_codes_round_trip_and_never_show_the_code()
    {
        var protector = new CodeSecrets(Key);
        foreach (var code in SampleCodes.Take(1_000))
        {
            var protectedCode = protector.Protect(code);
            Assert.Matches(ProtectedShape, protectedCode);
            Assert.DoesNotContain(code[5..], protectedCode, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(code, new CodeSecrets(Key).Unprotect(protectedCode));
        }
    }

    [Fact]
    public void Protecting_the_same_code_twice_gives_different_values()
    {
        var protector = new CodeSecrets(Key);
        var code = SampleCodes.All[0];
        Assert.NotEqual(protector.Protect(code), protector.Protect(code));
    }

    [Fact]
    public void Any_altered_byte_is_detected()
    {
        var protector = new CodeSecrets(Key);
        var protectedCode = protector.Protect(SampleCodes.All[0]);
        var payload = Base64Url.DecodeFromChars(protectedCode.AsSpan(3));
        for (var index = 0; index < payload.Length; index++)
        {
            foreach (var flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                var tampered = (byte[])payload.Clone();
                tampered[index] ^= flip;
                var value = "v1." + Base64Url.EncodeToString(tampered);
                Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(value));
            }
        }
    }

    [Fact]
    public void A_value_protected_with_another_key_is_refused()
    {
        var protectedCode = new CodeSecrets(OtherKey).Protect(SampleCodes.All[0]);
        Assert.ThrowsAny<CryptographicException>(() => new CodeSecrets(Key).Unprotect(protectedCode));
    }

    [Fact]
    public void Malformed_values_fail_cleanly()
    {
        var protector = new CodeSecrets(Key);
        var protectedCode = protector.Protect(SampleCodes.All[0]);
        string[] malformed =
        [
            "",
            "v1.",
            "v1.!!!!",
            "v2." + protectedCode[3..],
            protectedCode[3..],
            protectedCode[..^4],
            protectedCode[..20],
            protectedCode + "AAAA",
            SampleCodes.All[0],
        ];
        foreach (var value in malformed)
        {
            Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(value));
        }
    }
}
