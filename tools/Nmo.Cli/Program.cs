using Nmo.Cli.Commands;
using Nmo.Core.Localization;

// nmo: the pipeline's command line. Verbs and exit codes are part of the public contract.
Console.OutputEncoding = System.Text.Encoding.UTF8;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return args switch
    {
        ["serve", .. var rest] => await ServeCommand.RunAsync(Option(rest, "--port") is { } p && int.TryParse(p, out var port) ? port : 7071, rest.Contains("--dev-auth"), stop.Token),
        ["demo"] => await DemoCommand.RunAsync(stop.Token),
        ["validate", var file, .. var rest] when rest.All(r => r is "--json" or "--en") =>
            ValidateCommand.Run(file, rest.Contains("--json"), rest.Contains("--en") ? Language.En : Language.Ru),
        ["providers", "add", .. var rest] when Option(rest, "--name") is { } name => await ProvidersCommand.AddAsync(name, stop.Token),
        ["providers", "list-keys" or "rotate-key" or "revoke-key", .. var rest] =>
            await ProvidersCommand.KeysAsync(args[1], Option(rest, "--provider"), Option(rest, "--key"), Option(rest, "--grace-days"), stop.Token),
        ["poison", var action, var queue] => await PoisonCommand.RunAsync(action, queue, stop.Token),
        ["erase", .. var rest] when rest.Length > 0 => await EraseCommand.RunAsync(Option(rest, "--doctor"), Option(rest, "--email"), Option(rest, "--snils"), rest.Contains("--delete-raw"), stop.Token),
        ["restore", .. var rest] when Option(rest, "--from") is { } from => await RestoreCommand.RunAsync(from, Option(rest, "--connection"), stop.Token),
        ["codes", "show", var code] => await CodesCommand.ShowAsync(code, stop.Token),
        ["audit", "list", .. var rest] => await AuditCommand.ListAsync(rest, stop.Token),
        ["keys", "rotate-signing"] => KeysCommand.RotateSigning(),
        ["token", .. var rest] => TokenCommand.Run(Options(rest, "--role"), Option(rest, "--minutes") is { } m ? (int.TryParse(m, out var minutes) ? minutes : 0) : 60),
        _ => Usage(),
    };
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 0;
}

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string[] Options(string[] args, string name) =>
    [.. args.Select((a, i) => (a, i)).Where(x => x.a == name && x.i + 1 < args.Length).Select(x => args[x.i + 1])];

static int Usage()
{
    Console.Error.WriteLine("""
        usage: nmo <verb>
          serve [--port 7071] [--dev-auth]
                                         the HTTP API and queue processing of the real function classes;
                                         --dev-auth: portal/admin routes need a token of the local issuer
          demo                           the whole job on sample data
          validate FILE [--json] [--en]  check an attendance file offline, exactly as the upload endpoint does
          providers add --name NAME      create a provider and print its API key (shown once)
          providers list-keys|rotate-key [--grace-days 7]|revoke-key --key KEY-ID --provider ID
                                         a provider's keys: ids and dates only; a new key (shown once) while the
                                         old ones work for the grace period; one key refused at once
          poison list|replay QUEUE       show (masked) or move back the messages parked in QUEUE-poison
          erase --doctor ID | --email ADDRESS [--snils NUMBER] [--delete-raw]
                                         remove one person's personal data; prints what changed and what is kept
          restore --from DAY [--connection TARGET]
                                         one day's table export into an EMPTY store, with counts per table
          codes show CODE                a support request about one code: event, state and when, masked owner, audit trail
          audit list [--event ID] [--doctor ID] [--code CODE] [--since DATE] [--json]
                                         the changes to codes, events and the ledger, oldest first
          keys rotate-signing            a new local credential signing key in .nmo/ (old ones stay published)
          token --role Portal|Operator [--minutes 60]
                                         an access token of the local issuer that serve --dev-auth accepts
        """);
    return 2;
}
