namespace Nmo.Core.Events;

public static class ActivityKinds
{
    /// <summary>An educational event (conference, seminar, webinar): credits through codes.</summary>
    public const string Event = "event";

    /// <summary>An e-learning module: credits on completion, without a code.</summary>
    public const string Module = "module";
}
