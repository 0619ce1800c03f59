using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Paxman.Edge.Engine;
using Paxman.Edge.Engine.Diagnostics;

namespace Paxman.Edge.Service.Api;

/// <summary>
/// <c>GET /api/events</c> (README, "External interfaces"): a <c>text/event-stream</c> of the unit's state for the
/// touchscreen. Each <c>status</c> event carries the body of <c>/api/status</c>; one is sent at once, then whenever the
/// engine has ticked since the last, at most every 250 ms of real time (state changes, timers and alarms all show in
/// it). A page that hears nothing for a few seconds knows the unit has stopped answering.
/// </summary>
internal static class EventsApi
{
    /// <summary>The least real time between two events.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(1);

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/events", (HttpContext context, TickEngine engine, ServiceMode serviceMode, TimeProvider time,
            IHostApplicationLifetime lifetime, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) =>
        {
            // The stream ends when the page goes or the unit stops (a stop must not wait for open streams).
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            context.Response.RegisterForDispose(cancel);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.ServerSentEvents(Statuses(engine, serviceMode, time, json.Value.SerializerOptions, cancel.Token));
        });
        return endpoints;
    }

    private static async IAsyncEnumerable<SseItem<string>> Statuses(TickEngine engine, ServiceMode serviceMode, TimeProvider time,
        JsonSerializerOptions options, [EnumeratorCancellation] CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(Spacing, time);
        long sent = -1;
        while (!cancel.IsCancellationRequested)
        {
            var state = engine.State;
            if (state.Engine.Ticks != sent)
            {
                sent = state.Engine.Ticks;
                yield return new SseItem<string>(StatusApi.Build(state, serviceMode, options).ToJsonString(options), "status")
                {
                    ReconnectionInterval = Reconnect,
                };
            }

            try
            {
                if (!await timer.WaitForNextTickAsync(cancel))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
