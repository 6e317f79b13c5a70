using DossierLedger.Api.Http;
using Microsoft.Extensions.Configuration;

namespace DossierLedger.Api.Tests.Http;

/// <summary><c>Http:IdempotencyKeyLifetime</c>: a day unless told otherwise, and a bad value stops the host with its name.</summary>
public sealed class IdempotencyLifetimeTests
{
    private static TimeSpan Read(string? value) =>
        IdempotencyMiddleware.LifetimeFrom(new ConfigurationBuilder()
            .AddInMemoryCollection(value is null ? [] : [new KeyValuePair<string, string?>(IdempotencyMiddleware.LifetimeSetting, value)])
            .Build());

    [Fact]
    public void Defaults_to_a_day() => Read(null).ShouldBe(TimeSpan.FromHours(24));

    [Theory]
    [InlineData("PT10M", 600)]
    [InlineData(" PT48H ", 172_800)]
    [InlineData("PT1H30M", 5_400)]
    public void Reads_an_iso_duration(string value, int seconds) => Read(value).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData("soon")]
    [InlineData("24:00:00")]
    [InlineData("P1D")]
    [InlineData("PT0S")]
    [InlineData("-PT1H")]
    public void Refuses_what_is_not_a_positive_duration_naming_the_setting(string value) =>
        Should.Throw<InvalidOperationException>(() => Read(value)).Message.ShouldContain(IdempotencyMiddleware.LifetimeSetting);
}
