using System.Reflection;
using DossierLedger.Api.Dossiers;
using DossierLedger.Domain.Dossiers;
using Wolverine.Http;

namespace DossierLedger.Api.Tests.Http;

/// <summary>
/// Every command the domain declares is posted by an endpoint: a command, its decision and its event are dead without
/// one. An endpoint posts the commands its methods take or return.
/// </summary>
public sealed class EveryCommandIsPostedTests
{
    [Fact]
    public void Every_command_has_an_endpoint()
    {
        var endpoints = typeof(DossierWrites).Assembly.GetTypes()
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Any(m => m.GetCustomAttributes<WolverineHttpMethodAttribute>().Any()))
            .ToList();
        endpoints.ShouldNotBeEmpty();
        var posted = endpoints
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .SelectMany(Mentioned)
            .ToHashSet();

        DossierCommandTypes.All.Where(c => !posted.Contains(c)).ShouldBeEmpty("commands no endpoint posts");
    }

    private static IEnumerable<Type> Mentioned(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Mentioned).Prepend(type) : [type];
}
