using DossierLedger.Domain.Dossiers;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.Events;
using Wolverine.Http;
using Wolverine.Http.CodeGen;
using Wolverine.Middleware;

namespace DossierLedger.Api.Dossiers;

/// <summary>
/// What every command on a received dossier shares, applied to each endpoint that takes the dossier's event stream
/// (<c>[WriteAggregate] IEventStream&lt;Dossier&gt;</c>): the instant it is decided at, read once; the endpoint's own
/// <c>Validate</c> first, so a bad body is a 400 before the dossier is even loaded; and, once it is loaded, the checks of
/// <see cref="DossierWrites.Before{TRequest}"/> (404, 403, 409 for a stale version) and the acting user's stamp.
/// </summary>
public sealed class DossierWritePolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(IEventStream<Dossier>))))
        {
            // The endpoint's own Validate with the check that stops on its 400.
            var ownCalls = chain.Middleware.OfType<MethodCall>().Where(m => m.HandlerType == chain.Method.HandlerType).ToList();
            var validation = chain.Middleware
                .Where(f => ownCalls.Contains(f) || (f is MaybeEndWithResultFrame stop && ownCalls.Any(c => c.Creates.Contains(stop.Result))))
                .ToList();
            foreach (var frame in validation)
            {
                chain.Middleware.Remove(frame);
            }

            chain.Middleware.InsertRange(0, [new MethodCall(typeof(DecisionTime), nameof(DecisionTime.Now)), .. validation]);

            var checks = new MethodCall(typeof(DossierWrites),
                typeof(DossierWrites).GetMethod(nameof(DossierWrites.Before))!.MakeGenericMethod(chain.RequestType!));
            chain.Middleware.Add(checks);
            if (rules.TryFindContinuationHandler(chain, checks, out var stopOnProblem))
            {
                chain.Middleware.Add(stopOnProblem!);
            }
        }
    }
}

/// <summary>"Now" for a command: one reading of the clock, so a body without <c>at</c> happens at the instant it is decided at.</summary>
public static class DecisionTime
{
    public static NodaTime.Instant Now(NodaTime.IClock clock) => clock.GetCurrentInstant();
}
