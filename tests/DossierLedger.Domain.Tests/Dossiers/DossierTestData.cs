using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using NodaTime;

namespace DossierLedger.Domain.Tests.Dossiers;

/// <summary>
/// Shared fixtures for the dossier tests. Expected instants are written as Vietnamese wall-clock
/// times and converted with a fixed +07:00 offset, so they never depend on the calendar under test.
/// </summary>
internal static class DossierTestData
{
    public static readonly Guid DossierId = Guid.Parse("7b1f6f0e-3c55-4c1e-9d7a-2f4a8e0c9b11");

    public static readonly Procedure SameDay = Procedure(new TimeLimit(0, TimeLimitUnit.SameDay, 15));

    public static readonly Procedure ThreeWorkingDays = Procedure(new TimeLimit(3, TimeLimitUnit.WorkingDays));

    /// <summary>"2025-03-10T09:00" (or with seconds) in Vietnam (+07:00) as an instant.</summary>
    public static Instant At(string isoLocal) => Calendar.CalendarTime.At(isoLocal);

    public static Procedure Procedure(TimeLimit limit) =>
        new("1.001234", "Chứng thực bản sao từ bản chính", "CT", "Chứng thực", limit, OnlineLevel.Full, 0m, false);

    /// <summary>A receipt event written by hand, independent of the decider.</summary>
    public static DossierReceived Received(
        Instant receivedAt, Instant dueAt, Channel channel = Channel.Direct, Guid? id = null) =>
        new(id ?? DossierId, "000.00.12.H56-250310-0001", "UBND-XA-01", "1.001234", "CT", channel,
            receivedAt, dueAt, "Nguyễn Văn A");
}
