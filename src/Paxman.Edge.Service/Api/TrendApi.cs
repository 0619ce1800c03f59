using Paxman.Edge.Core;
using SessionOptions = Paxman.Edge.Core.Sessions.SessionOptions;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// <c>GET /api/channels/{ch}/trend</c> (README, "External interfaces"): the running or last session's coolant supply
/// samples on that channel, from <see cref="ChannelTrends"/>; and <c>GET /api/regimens</c>, the configured regimens
/// and their default times, which the new-session form shows.
/// </summary>
internal static class TrendApi
{
    public static IEndpointRouteBuilder MapTrendApi(this IEndpointRouteBuilder endpoints, SessionOptions sessions)
    {
        endpoints.MapGet("/api/channels/{ch}/trend", (string ch, ChannelTrends trends) =>
            CapChannels.TryParse(ch, out var channel)
                ? Results.Ok(new TrendAnswer(trends.Samples(channel)))
                : ApiProblems.NotFound($"There is no channel '{ch}'; the unit has channels A and B."));

        var regimens = new RegimensAnswer(
            [.. sessions.Regimens.OrderBy(r => r.Key == "default" ? 0 : 1).ThenBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => new RegimenAnswer(r.Key, r.Value.PreCoolMinutes, r.Value.PostCoolMinutes))],
            sessions.ThickHairExtraPreCoolMinutes, SessionOptions.MinPreCoolMinutes, SessionOptions.MaxPreCoolMinutes,
            SessionOptions.MinPostCoolMinutes, SessionOptions.MaxPostCoolMinutes);
        endpoints.MapGet("/api/regimens", () => TypedResults.Ok(regimens));
        return endpoints;
    }

    private sealed record TrendAnswer(IReadOnlyList<TrendSample> Samples);

    private sealed record RegimenAnswer(string Name, int PreCoolMinutes, int PostCoolMinutes);

    private sealed record RegimensAnswer(IReadOnlyList<RegimenAnswer> Regimens, int ThickHairExtraPreCoolMinutes, int MinPreCoolMinutes,
        int MaxPreCoolMinutes, int MinPostCoolMinutes, int MaxPostCoolMinutes);
}
