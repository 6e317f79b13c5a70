using DossierLedger.Api.Projections;
using Microsoft.Extensions.Configuration;

namespace DossierLedger.Api.Tests.Projections;

/// <summary>The <c>Projections</c> section: inline unless told otherwise, and a bad value stops the host with its name.</summary>
public sealed class ProjectionSettingsTests
{
    private static ProjectionSettings Read(params (string Key, string Value)[] values) =>
        ProjectionSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Defaults_to_inline_with_Wolverines_timings()
    {
        var settings = Read();

        settings.Mode.ShouldBe(ProjectionMode.Inline);
        settings.IsAsync.ShouldBeFalse();
        settings.Heartbeat.ShouldBe(TimeSpan.FromSeconds(10));
        settings.NodeTimeout.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("Async")]
    [InlineData("async")]
    [InlineData(" ASYNC ")]
    public void Reads_async_in_any_case(string mode) => Read(("Projections:Mode", mode)).IsAsync.ShouldBeTrue();

    [Fact]
    public void Reads_the_timings()
    {
        var settings = Read(("Projections:Mode", "Async"), ("Projections:Heartbeat", "00:00:01"), ("Projections:NodeTimeout", "00:00:05"));

        (settings.Heartbeat, settings.NodeTimeout).ShouldBe((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("Projections:Mode", "Asink", "Projections:Mode")]
    [InlineData("Projections:Mode", "1", "Projections:Mode")]
    [InlineData("Projections:Heartbeat", "soon", "Projections:Heartbeat")]
    [InlineData("Projections:Heartbeat", "-00:00:01", "Projections:Heartbeat")]
    [InlineData("Projections:NodeTimeout", "00:00:15", "at least twice")]
    public void Refuses_what_does_not_parse_naming_it(string key, string value, string message) =>
        Should.Throw<InvalidOperationException>(() => Read((key, value))).Message.ShouldContain(message);
}
