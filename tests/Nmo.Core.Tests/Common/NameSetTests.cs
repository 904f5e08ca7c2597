using Nmo.Core.Common;

namespace Nmo.Core.Tests.Common;

/// <summary>
/// The names an address may not end in are looked up through <see cref="NameSet"/>, which skips the hashing for names
/// that cannot be in it: it must answer exactly as a case-insensitive set does, whatever it is asked.
/// </summary>
public sealed class NameSetTests
{
    private static readonly string Long = new('q', 70);

    [Theory]
    [InlineData("invalid", true)]
    [InlineData("INVALID", true)]
    [InlineData("Local", true)]
    [InlineData("jnvalid", false)]
    [InlineData("invalie", false)]
    [InlineData("invali", false)]
    [InlineData("invalidd", false)]
    [InlineData("іnvalid", false)]
    [InlineData("", false)]
    public void A_name_is_in_the_set_when_it_equals_one_of_its_names_ignoring_case(string name, bool contained)
    {
        var set = new NameSet("invalid", "local", "localhost");

        Assert.Equal(contained, set.Contains(name));
    }

    [Fact]
    public void It_answers_as_a_case_insensitive_set_for_names_of_every_length_and_first_letter()
    {
        // Two names of one length (11), so that each length is seen to stand for all of its names.
        string[] names = ["invalid", "localhost", "local", "example.com", "localdomain", "Ёлка", "ıx", "ſt", Long, ""];
        var set = new NameSet(names);
        var reference = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        var random = new Random(5);
        const string alphabet = "ilxeILXEаАёЁıIİſsStT.q-QK\u212A";
        var found = 0;
        for (var n = 0; n < 50_000; n++)
        {
            // Half are a name of the set with some letters changed or its case flipped, half are random.
            var name = random.Next(2) == 0 ? Mutate(names[random.Next(names.Length)], random, alphabet) : Random(random, alphabet);
            var expected = reference.Contains(name);
            Assert.True(expected == set.Contains(name), $"«{name}»: expected {expected}");
            found += expected ? 1 : 0;
        }

        Assert.InRange(found, 1_000, 40_000);
    }

    private static string Mutate(string name, Random random, string alphabet)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var roll = random.Next(20);
            chars[i] = roll switch
            {
                0 => alphabet[random.Next(alphabet.Length)],
                < 8 => char.ToUpperInvariant(chars[i]),
                _ => chars[i],
            };
        }

        var changed = new string(chars);
        return random.Next(10) switch
        {
            0 => changed + alphabet[random.Next(alphabet.Length)],
            1 when changed.Length > 0 => changed[1..],
            _ => changed,
        };
    }

    private static string Random(Random random, string alphabet)
    {
        var length = random.Next(2) == 0 ? random.Next(12) : random.Next(60, 75);
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
    }
}
