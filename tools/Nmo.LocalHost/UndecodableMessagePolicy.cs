using System.Text;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Nmo.LocalHost;

/// <summary>
/// A Base64 queue client throws from <c>ReceiveMessages</c> when any message in the batch is not Base64 (unless a
/// decoding-failed handler is set on its options), which would hide the whole batch for the lease and never let the
/// bad message reach the poison queue. The Functions host moves such a message to the poison queue; to do the same
/// with the app's own <c>StorageClients</c>, this policy (on the listener's clients only) rewraps undecodable
/// message texts as Base64 of <see cref="Marker"/> + the raw text, so the listener can recognise and poison them.
/// </summary>
internal sealed class UndecodableMessagePolicy : HttpPipelinePolicy
{
    /// <summary>Starts the decoded body of a message that was not Base64 in the queue; no real message starts so.</summary>
    public const string Marker = "\u0001nmo-undecodable\u0001";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Rewrite(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        Rewrite(message);
    }

    public static bool TryUnwrap(string decoded, out string raw)
    {
        if (decoded.StartsWith(Marker, StringComparison.Ordinal))
        {
            raw = decoded[Marker.Length..];
            return true;
        }

        raw = string.Empty;
        return false;
    }

    private static void Rewrite(HttpMessage message)
    {
        if (message.Request.Method != RequestMethod.Get ||
            !message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal) ||
            !message.HasResponse ||
            message.Response.Status != 200 ||
            message.Response.ContentStream is not { CanSeek: true } content)
        {
            return;
        }

        content.Position = 0;
        var document = XDocument.Load(content);
        var changed = false;
        foreach (var text in document.Descendants("MessageText"))
        {
            if (!Convert.TryFromBase64String(text.Value, new byte[text.Value.Length], out _))
            {
                text.Value = Convert.ToBase64String(Encoding.UTF8.GetBytes(Marker + text.Value));
                changed = true;
            }
        }

        if (!changed)
        {
            content.Position = 0;
            return;
        }

        var rewritten = new MemoryStream();
        document.Save(rewritten, SaveOptions.DisableFormatting);
        rewritten.Position = 0;
        message.Response.ContentStream = rewritten;
    }
}
