using Paxman.Edge.Core;
using Paxman.Edge.Core.Sessions;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// The answer to a nurse's action on a channel's session: the channel's state after it (README, "External interfaces").
/// Built on the engine's thread, read on the request's.
/// </summary>
/// <param name="Channel"><c>A</c> or <c>B</c>.</param>
/// <param name="State"><c>idle|prepared|precool|infusion|postcool|done</c>.</param>
/// <param name="SessionId">The channel's session, or null when it has none.</param>
/// <param name="Outcome">The session's outcome once it is done, else null.</param>
/// <param name="AwaitingResume">While the session waits for the nurse's resume: why (<c>power-loss</c> or <c>stop-button</c>); else null.</param>
internal sealed record ChannelAnswer(string Channel, string State, string? SessionId, string? Outcome, string? AwaitingResume)
{
    /// <summary>The channel now (engine thread).</summary>
    public static ChannelAnswer Of(SessionChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var session = channel.Session;
        return new ChannelAnswer(channel.Channel.Name(), channel.Phase.Name(), session?.SessionId, session?.Outcome, session?.AwaitingResume);
    }
}
