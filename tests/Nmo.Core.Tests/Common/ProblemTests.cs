using System.Reflection;
using System.Text.RegularExpressions;
using Nmo.Core.Common;
using Nmo.Core.Localization;

namespace Nmo.Core.Tests.Common;

public sealed partial class ProblemTests
{
    public static TheoryData<string> Codes() => [.. ProblemType.All.Select(t => t.Code)];

    [Fact]
    public void Every_problem_type_is_in_the_list_and_each_code_once()
    {
        var declared = typeof(ProblemType).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ProblemType))
            .Select(p => (ProblemType)p.GetValue(null)!)
            .ToList();

        Assert.Equal(declared.Select(t => t.Code).Order(), ProblemType.All.Select(t => t.Code).Order());
        Assert.Equal(ProblemType.All.Count, ProblemType.All.Select(t => t.Code).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_problem_has_a_short_title_and_a_detail_in_russian_and_in_english(string code)
    {
        var type = ProblemType.All.Single(t => t.Code == code);
        var args = new object?[] { "ev-1", "event", "module" };

        var ru = Problem.Of(type, Language.Ru, args);
        var en = Problem.Of(type, Language.En, args);

        Assert.Equal((type.Status, code), (ru.Status, ru.Code));
        Assert.InRange(ru.Status, 400, 599);
        foreach (var (problem, russian) in new[] { (ru, true), (en, false) })
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.Title));
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
            Assert.True(problem.Title.Length <= 60, $"{code}: the title is a short phrase, not a sentence: {problem.Title}");
            Assert.DoesNotContain("{", problem.Title, StringComparison.Ordinal);
            Assert.Equal(russian, Cyrillic().IsMatch(problem.Title));
        }

        Assert.NotEqual(ru.Title, en.Title);
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Problem_codes_are_dot_separated_kebab_case(string code) =>
        Assert.Matches(KebabCode(), code);

    [Fact]
    public void The_detail_is_filled_with_the_arguments_and_the_title_is_the_codes_own()
    {
        var ru = Problem.Of(ProblemType.CodeThrottled, Language.Ru, 7);
        var en = Problem.Of(ProblemType.CodeThrottled, Language.En, 7);

        Assert.Equal("Слишком много неудачных попыток. Повторите через 7 мин.", ru.Detail);
        Assert.Equal("Too many failed attempts. Try again in 7 min.", en.Detail);
        Assert.Equal("Слишком много попыток", ru.Title);
        Assert.NotEqual(ru.Title, ru.Detail);
    }

    [Fact]
    public void Members_added_to_a_problem_keep_the_earlier_ones_and_leave_the_original_alone()
    {
        var plain = Problem.Of(ProblemType.UploadNotFound, Language.Ru, "upl-1");

        var extended = plain.With("a", 1).With("b", "two");

        Assert.Empty(plain.Extensions);
        Assert.Equal(["a", "b"], extended.Extensions.Keys);
        Assert.Equal((404, "upload.not-found"), (extended.Status, extended.Code));
    }

    [GeneratedRegex("[а-яА-ЯёЁ]")]
    private static partial Regex Cyrillic();

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)+$")]
    private static partial Regex KebabCode();
}
