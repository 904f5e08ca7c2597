using System.Globalization;
using System.Text;

namespace Nmo.Deployment.Tests.Templates;

/// <summary>
/// A value the template only knows at deployment time (a <c>reference()</c>, a <c>uniqueString()</c>, a
/// top-level parameter). <see cref="Text"/> is the expression it came from, so a check can still see what it
/// refers to; <see cref="RootParameter"/> names the top-level parameter it is, when it is one.
/// </summary>
public sealed record Opaque(string Text, string? RootParameter = null)
{
    /// <summary>How an unknown part shows inside a string built by <c>format()</c> or <c>concat()</c>.</summary>
    public override string ToString() => RootParameter is null ? "⟨?⟩" : $"⟨{RootParameter}⟩";
}

/// <summary>
/// Evaluates the small part of the ARM template expression language that Bicep emits for names, settings
/// and role assignments: literals, <c>parameters</c>, <c>variables</c>, <c>format</c>, <c>concat</c>,
/// <c>length</c>, <c>copyIndex</c>, <c>toLower</c>, <c>createObject</c>, <c>union</c>, <c>resourceId</c>-like
/// ids, property access and indexing. Anything else becomes an <see cref="Opaque"/> value rather than a guess.
/// Values are <see cref="string"/>, <see cref="long"/>, <see cref="bool"/>, null, lists, dictionaries or <see cref="Opaque"/>.
/// </summary>
public static class ArmExpression
{
    /// <summary>True for a JSON string that ARM treats as an expression (<c>[...]</c>, but not the <c>[[</c> escape).</summary>
    public static bool IsExpression(string text) =>
        text.Length >= 2 && text[0] == '[' && text[^1] == ']' && !text.StartsWith("[[", StringComparison.Ordinal);

    public static object? Evaluate(string expression, IArmScope scope)
    {
        var parser = new Parser(expression);
        var node = parser.ParseExpression();
        parser.ExpectEnd();
        return node.Evaluate(scope);
    }

    /// <summary>Renders a value the way <c>format()</c> would, unknown parts as <see cref="Opaque.ToString"/>.</summary>
    public static string Render(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        Opaque o => o.ToString(),
        IReadOnlyList<object?> list => "[" + string.Join(",", list.Select(Render)) + "]",
        IReadOnlyDictionary<string, object?> map => "{" + string.Join(",", map.Select(kv => kv.Key + ":" + Render(kv.Value))) + "}",
        _ => value.ToString() ?? "",
    };

    private abstract record Node(string Source)
    {
        public abstract object? Evaluate(IArmScope scope);
    }

    private sealed record Literal(string Source, object? Value) : Node(Source)
    {
        public override object? Evaluate(IArmScope scope) => Value;
    }

    private sealed record Call(string Source, string Name, IReadOnlyList<Node> Arguments) : Node(Source)
    {
        public override object? Evaluate(IArmScope scope)
        {
            var name = Name.ToLowerInvariant();
            switch (name)
            {
                case "parameters":
                    return Arguments[0].Evaluate(scope) is string parameter ? scope.Parameter(parameter) : Unknown();
                case "variables":
                    return Arguments[0].Evaluate(scope) is string variable ? scope.Variable(variable) : Unknown();
                case "copyindex":
                    return scope.CopyIndex is { } index
                        ? index + (Arguments.Count > 0 && Arguments[^1].Evaluate(scope) is long offset ? offset : 0)
                        : Unknown();
                case "true":
                    return true;
                case "false":
                    return false;
                case "null":
                    return null;
            }

            var args = Arguments.Select(a => a.Evaluate(scope)).ToList();
            switch (name)
            {
                case "format" when args.Count > 0 && args[0] is string format:
                    return Format(format, args.Skip(1).ToList());
                case "concat" when args.All(a => a is IReadOnlyList<object?>):
                    return args.SelectMany(a => (IReadOnlyList<object?>)a!).ToList();
                case "concat":
                    return string.Concat(args.Select(Render));
                case "length":
                    return args[0] switch
                    {
                        string s => (long)s.Length,
                        IReadOnlyList<object?> list => (long)list.Count,
                        IReadOnlyDictionary<string, object?> map => (long)map.Count,
                        _ => Unknown(),
                    };
                case "if" when args.Count == 3 && args[0] is bool condition:
                    return condition ? args[1] : args[2];
                case "empty":
                    return args[0] switch
                    {
                        null => true,
                        string s => s.Length == 0,
                        IReadOnlyList<object?> list => list.Count == 0,
                        IReadOnlyDictionary<string, object?> map => map.Count == 0,
                        _ => Unknown(),
                    };
                case "tolower" when args[0] is string s:
                    return s.ToLowerInvariant();
                case "toupper" when args[0] is string s:
                    return s.ToUpperInvariant();
                case "string":
                    return Render(args[0]);
                case "createobject":
                    var created = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i + 1 < args.Count; i += 2)
                    {
                        created[Render(args[i])] = args[i + 1];
                    }

                    return created;
                case "createarray":
                    return args;
                case "union" when args.All(a => a is IReadOnlyDictionary<string, object?>):
                    var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var map in args.Cast<IReadOnlyDictionary<string, object?>>())
                    {
                        foreach (var (key, value) in map)
                        {
                            merged[key] = value;
                        }
                    }

                    return merged;
                case "resourceid":
                    return ResourceId("/subscriptions/⟨?⟩/resourceGroups/⟨?⟩", args);
                case "subscriptionresourceid":
                    return ResourceId("/subscriptions/⟨?⟩", args);
                case "tenantresourceid":
                    return ResourceId("", args);
                default:
                    return Unknown();
            }
        }

        private Opaque Unknown() => new(Source);

        private static object ResourceId(string prefix, List<object?> args)
        {
            // Leading arguments before the type (subscription id, group name) are dropped: checks look at type and name.
            var typeIndex = args.FindIndex(a => a is string s && s.Contains('/', StringComparison.Ordinal) && s.Contains('.', StringComparison.Ordinal));
            if (typeIndex < 0)
            {
                return new Opaque("resourceId(" + string.Join(",", args.Select(Render)) + ")");
            }

            var typeSegments = ((string)args[typeIndex]!).Split('/');
            var names = args.Skip(typeIndex + 1).Select(Render).ToList();
            var id = new StringBuilder(prefix).Append("/providers/").Append(typeSegments[0]);
            for (var i = 1; i < typeSegments.Length; i++)
            {
                id.Append('/').Append(typeSegments[i]).Append('/').Append(i - 1 < names.Count ? names[i - 1] : "⟨?⟩");
            }

            return id.ToString();
        }

        private static string Format(string format, List<object?> args)
        {
            var result = new StringBuilder();
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if (c == '{' && i + 1 < format.Length && format[i + 1] == '{')
                {
                    result.Append('{');
                    i++;
                }
                else if (c == '}' && i + 1 < format.Length && format[i + 1] == '}')
                {
                    result.Append('}');
                    i++;
                }
                else if (c == '{')
                {
                    var end = format.IndexOf('}', i);
                    var spec = format[(i + 1)..end].Split(':', 2)[0];
                    var index = int.Parse(spec, CultureInfo.InvariantCulture);
                    result.Append(index < args.Count ? Render(args[index]) : "⟨?⟩");
                    i = end;
                }
                else
                {
                    result.Append(c);
                }
            }

            return result.ToString();
        }
    }

    private sealed record Member(string Source, Node Target, string Property) : Node(Source)
    {
        public override object? Evaluate(IArmScope scope) => Target.Evaluate(scope) switch
        {
            IReadOnlyDictionary<string, object?> map => map.TryGetValue(Property, out var value) ? value : new Opaque(Source),
            _ => new Opaque(Source),
        };
    }

    private sealed record Index(string Source, Node Target, Node Key) : Node(Source)
    {
        public override object? Evaluate(IArmScope scope)
        {
            var target = Target.Evaluate(scope);
            var key = Key.Evaluate(scope);
            return (target, key) switch
            {
                (IReadOnlyList<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
                (IReadOnlyDictionary<string, object?> map, string k) when map.TryGetValue(k, out var value) => value,
                _ => new Opaque(Source),
            };
        }
    }

    private sealed class Parser(string text)
    {
        private int position;

        public Node ParseExpression()
        {
            SkipSpaces();
            var start = position;
            Node node;
            if (Peek() == '\'')
            {
                node = new Literal(string.Empty, ReadString());
            }
            else if (Peek() == '-' || char.IsDigit(Peek()))
            {
                var begin = position;
                position++;
                while (char.IsDigit(Peek()))
                {
                    position++;
                }

                node = new Literal(string.Empty, long.Parse(text[begin..position], CultureInfo.InvariantCulture));
            }
            else
            {
                var name = ReadIdentifier();
                SkipSpaces();
                Expect('(');
                var arguments = new List<Node>();
                SkipSpaces();
                if (Peek() != ')')
                {
                    while (true)
                    {
                        arguments.Add(ParseExpression());
                        SkipSpaces();
                        if (Peek() == ',')
                        {
                            position++;
                            continue;
                        }

                        break;
                    }
                }

                Expect(')');
                node = new Call(text[start..position], name, arguments);
            }

            while (true)
            {
                SkipSpaces();
                if (Peek() == '.')
                {
                    position++;
                    var property = ReadIdentifier();
                    node = new Member(text[start..position], node, property);
                }
                else if (Peek() == '[')
                {
                    position++;
                    var key = ParseExpression();
                    SkipSpaces();
                    Expect(']');
                    node = new Index(text[start..position], node, key);
                }
                else
                {
                    return node with { Source = text[start..position] };
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (position != text.Length)
            {
                throw new FormatException($"Unexpected '{text[position..]}' in expression '{text}'.");
            }
        }

        private char Peek() => position < text.Length ? text[position] : '\0';

        private void SkipSpaces()
        {
            while (char.IsWhiteSpace(Peek()))
            {
                position++;
            }
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException($"Expected '{c}' at {position} in expression '{text}'.");
            }

            position++;
        }

        private string ReadIdentifier()
        {
            var begin = position;
            while (char.IsLetterOrDigit(Peek()) || Peek() == '_' || Peek() == '$')
            {
                position++;
            }

            if (begin == position)
            {
                throw new FormatException($"Expected a name at {position} in expression '{text}'.");
            }

            return text[begin..position];
        }

        private string ReadString()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (true)
            {
                if (position >= text.Length)
                {
                    throw new FormatException($"Unterminated string in expression '{text}'.");
                }

                var c = text[position++];
                if (c == '\'')
                {
                    if (Peek() == '\'')
                    {
                        value.Append('\'');
                        position++;
                        continue;
                    }

                    return value.ToString();
                }

                value.Append(c);
            }
        }
    }
}

/// <summary>What an expression can see: the parameters and variables of its template, and the copy loop index.</summary>
public interface IArmScope
{
    object? Parameter(string name);

    object? Variable(string name);

    long? CopyIndex { get; }
}
