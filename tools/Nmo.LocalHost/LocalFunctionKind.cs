namespace Nmo.LocalHost;

/// <summary>What kind of trigger a function has, as far as the local host is concerned.</summary>
public enum LocalFunctionKind
{
    Http,
    Queue,

    /// <summary>A <c>[TimerTrigger]</c>, run on its CRON schedule.</summary>
    Timer,

    /// <summary>A trigger the local host does not run (timer, blob, ...); listed, never invoked.</summary>
    Unsupported,
}
