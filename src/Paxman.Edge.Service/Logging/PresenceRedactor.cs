using Microsoft.Extensions.Compliance.Redaction;

namespace Paxman.Edge.Service.Logging;

/// <summary>
/// Replaces a classified value with <c>***</c>, whatever its length, so a log line shows that a secret is set and
/// nothing about it; an empty value stays empty.
/// </summary>
public sealed class PresenceRedactor : Redactor
{
    private const string Mask = "***";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => input.IsEmpty ? 0 : Mask.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.IsEmpty)
        {
            return 0;
        }

        Mask.AsSpan().CopyTo(destination);
        return Mask.Length;
    }
}
