using DossierLedger.Api.Demo;
using DossierLedger.Api.Procedures;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using NodaTime;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>The demo commune's histories as fixed event streams, for tests that load a database without a host.</summary>
public static class DemoHistories
{
    /// <summary>The published demo's streams (seed 2025), as generated on 2026-01-01.</summary>
    public static IReadOnlyList<IReadOnlyList<IDossierEvent>> Streams() =>
        new DemoCommune(ProcedureCatalogueFile.Load(), new DossierDecider(WorkingTimeCalendar.Vietnam, TimelinessGranularity.Date))
            .Generate(DemoLoader.DefaultSeed, Instant.FromUtc(2026, 1, 1, 0, 0));
}
