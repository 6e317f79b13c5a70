using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Reports;
using NodaTime;

namespace DossierLedger.Api.Demo;

/// <summary>
/// The seed commune (Xã Kim Phượng) as event streams: a deterministic history, 2021-01-01 to
/// 2025-04-14, whose period report reproduces the figures of the commune's own report exactly.
/// Every event comes out of the same decider the HTTP endpoints use, so the demo data obeys the
/// same rules (deadlines from the calendar, timeliness judged, nothing in the future). Another unit code
/// gives the same kind of history under that unit (synthetic ledgers for measurements).
/// </summary>
public sealed class DemoCommune(ProcedureCatalogue catalogue, DossierDecider decider, string unitCode = DemoCommune.UnitCode)
{
    public const string UnitCode = "KP";
    public static readonly LocalDate From = new(2021, 1, 1);
    public static readonly LocalDate To = new(2025, 4, 14);

    /// <summary>The figures of the commune's April 2025 report for <see cref="From"/>..<see cref="To"/>.</summary>
    public static readonly PeriodFigures Expected = new(
        new ReceivedFigures(Total: 15034, CarriedOver: 4, New: 15030, Online: 8658, Direct: 6000, Postal: 372),
        new ResolvedFigures(Total: 15022, Early: 12228, OnTime: 2793, Overdue: 1),
        new ClosedOtherFigures(Withdrawn: 0, Stopped: 0),
        new PendingFigures(Total: 12, WithinDeadline: 12, Overdue: 0));

    private const int MaxAttempts = 200;

    /// <summary>Dossiers withdrawn before the demo range begins, so none of its figures count them.</summary>
    public const int WithdrawnBeforeRangeCount = 3;

    private WorkingTimeCalendar Calendar => decider.CalendarOf(unitCode);

    /// <summary>Generates every dossier's events, ordered by receipt. The same seed gives the same history.</summary>
    public IReadOnlyList<IReadOnlyList<IDossierEvent>> Generate(int seed, Instant now)
    {
        var random = new Random(seed);
        var expected = Expected;
        var rangeEnd = Calendar.Zone.AtStartOfDay(To.PlusDays(1)).ToInstant();
        var rangeStart = Calendar.Zone.AtStartOfDay(From).ToInstant();

        var channels = Shuffle(random,
            Repeat(Channel.Online, expected.Received.Online)
                .Concat(Repeat(Channel.Direct, expected.Received.Direct))
                .Concat(Repeat(Channel.Postal, expected.Received.Postal)));
        var receipts = channels
            .Select(channel => (Channel: channel, At: RandomReceipt(random, channel, From, To)))
            .OrderBy(r => r.At)
            .ToList();

        var carriedOver = Enumerable.Range(0, (int)expected.Received.CarriedOver)
            .Select(_ => (Channel: Channel.Direct, At: RandomReceipt(random, Channel.Direct, From.PlusDays(-10), From.PlusDays(-1))))
            .OrderBy(r => r.At)
            .ToList();

        // The latest receipts are the ones still open at the end; the rest get a resolution class.
        var pendingCount = (int)expected.Pending.Total;
        var resolvedNew = receipts.Take(receipts.Count - pendingCount).ToList();
        var classes = Shuffle(random,
            Repeat(Timeliness.Early, expected.Resolved.Early)
                .Concat(Repeat(Timeliness.OnTime, expected.Resolved.OnTime))
                .Concat(Repeat(Timeliness.Overdue, expected.Resolved.Overdue)));

        var streams = new List<IReadOnlyList<IDossierEvent>>(carriedOver.Count + receipts.Count);
        var receiptNumbers = new Dictionary<LocalDate, int>();
        var classIndex = 0;
        foreach (var receipt in carriedOver.Concat(resolvedNew))
        {
            streams.Add(ResolvedDossier(random, receipt.Channel, receipt.At, classes[classIndex++],
                Instant.Max(receipt.At, rangeStart), rangeEnd, receiptNumbers, now));
        }

        foreach (var receipt in receipts.Skip(resolvedNew.Count))
        {
            streams.Add(PendingDossier(random, receipt.Channel, receipt.At, rangeEnd, receiptNumbers, now));
        }

        streams.AddRange(Enumerable.Range(0, WithdrawnBeforeRangeCount).Select(_ => WithdrawnBeforeRange(random, receiptNumbers, now)));

        return streams;
    }

    private List<IDossierEvent> ResolvedDossier(
        Random random, Channel channel, Instant receivedAt, Timeliness timeliness, Instant notBefore, Instant rangeEnd,
        Dictionary<LocalDate, int> receiptNumbers, Instant now)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stream = Receive(random, channel, receivedAt, receiptNumbers, now);
            Process(random, stream, rangeEnd, pauses: true);
            if (timeliness == Timeliness.Overdue)
            {
                Apologize(stream);
            }

            var earliest = Instant.Max(notBefore, stream.State.LastEventAt);
            if (stream.State.LastEventAt >= rangeEnd || ResolutionInstant(random, stream.State, timeliness, earliest, rangeEnd) is not { } resolvedAt)
            {
                receiptNumbers[Calendar.LocalDate(receivedAt)]--;
                continue;
            }

            stream.Then(new ResolveDossier(resolvedAt));
            if (stream.State.Timeliness != timeliness)
            {
                throw new InvalidOperationException($"Demo generator chose {resolvedAt} for a {timeliness} resolution but the decider judged otherwise.");
            }

            // Most results are collected within a few working hours; the rest are still at the desk.
            if (random.NextDouble() < 0.96)
            {
                var returnedAt = Calendar.AddWorkingTime(resolvedAt, Duration.FromMinutes(random.Next(5, 16 * 60)));
                if (returnedAt < rangeEnd)
                {
                    stream.Then(new ReturnResult(returnedAt, ReturnMethod(channel)));
                    // Some applicants rate the service on collecting the result; a few are not satisfied.
                    if (random.NextDouble() < 0.08)
                    {
                        var rating = random.NextDouble() < 0.97 ? FeedbackRating.Satisfied : FeedbackRating.Dissatisfied;
                        stream.Then(new GiveFeedback(returnedAt + Duration.FromMinutes(random.Next(1, 30)), rating, null));
                    }
                }
            }

            return stream.Events;
        }

        throw new InvalidOperationException($"No procedure allows a {timeliness} resolution of a dossier received at {receivedAt}.");
    }

    private List<IDossierEvent> PendingDossier(
        Random random, Channel channel, Instant receivedAt, Instant rangeEnd, Dictionary<LocalDate, int> receiptNumbers, Instant now)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stream = Receive(random, channel, receivedAt, receiptNumbers, now);
            Process(random, stream, rangeEnd, pauses: false);
            if (stream.State.DueAt >= rangeEnd)
            {
                return stream.Events;
            }

            receiptNumbers[Calendar.LocalDate(receivedAt)]--;
        }

        throw new InvalidOperationException($"No procedure keeps a dossier received at {receivedAt} within its deadline.");
    }

    /// <summary>A few dossiers received and withdrawn before the demo range: on record, outside every figure of it.</summary>
    private List<IDossierEvent> WithdrawnBeforeRange(Random random, Dictionary<LocalDate, int> receiptNumbers, Instant now)
    {
        var receivedAt = RandomReceipt(random, Channel.Direct, From.PlusDays(-60), From.PlusDays(-40));
        var stream = Receive(random, Channel.Direct, receivedAt, receiptNumbers, now);
        stream.Then(new WithdrawDossier(Calendar.AddWorkingTime(receivedAt, Duration.FromHours(random.Next(1, 16))), "Công dân xin rút hồ sơ"));
        return stream.Events;
    }

    /// <summary>
    /// What happens between receipt and resolution: digitization at the desk, the fee where there is one,
    /// assignment of multi-day work, liên thông for joint procedures, and now and then a supplement request.
    /// </summary>
    private void Process(Random random, DemoStream stream, Instant rangeEnd, bool pauses)
    {
        var procedure = stream.Procedure;
        var start = stream.State.ReceivedAt;
        Instant Next(int minMinutes, int maxMinutes) =>
            Calendar.AddWorkingTime(Instant.Max(stream.State.LastEventAt, start), Duration.FromMinutes(random.Next(minMinutes, maxMinutes)));

        // Every dossier digitized with its result issued electronically too: the commune reported all 15034 digitized, and the
        // national portal counts a dossier of a procedure with a paper result as digitized only with its electronic result (QĐ 766 4.2).
        stream.Then(new DigitizeDossier(Next(1, 5), random.Next(1, 6), random.NextDouble() < 0.3, ElectronicResult: true));
        if (procedure.Fee > 0)
        {
            stream.Then(RequestPayment.Under(procedure, Next(1, 3), amount: null));
            var method = stream.State.Channel == Channel.Online
                ? (random.NextDouble() < 0.7 ? PaymentMethod.NationalPortal : PaymentMethod.ProvincialGateway)
                : PaymentMethod.Cash;
            stream.Then(new ReceivePayment(Next(1, 10), procedure.Fee, method));
        }

        var multiDay = procedure.TimeLimit.Unit != TimeLimitUnit.SameDay && procedure.TimeLimit.Amount >= 2;
        if (!multiDay)
        {
            return;
        }

        stream.Then(new AssignDossier(Next(5, 60), "Thẩm định", $"cc{random.Next(1, 8)}"));
        if (procedure.Joint)
        {
            stream.Then(new TransferDossier(Next(30, 120), "Công an huyện / BHXH huyện"));
            stream.Then(new ReturnTransfer(Next(60, 480)));
        }

        if (pauses && procedure.TimeLimit.Amount >= 3 && random.NextDouble() < 0.04)
        {
            var requested = Next(30, 240);
            var supplied = Calendar.AddWorkingTime(requested, Duration.FromHours(random.Next(4, 40)));
            if (supplied < rangeEnd)
            {
                stream.Then(new RequestSupplement(requested, "Bổ sung bản sao giấy tờ tùy thân"));
                stream.Then(new ReceiveSupplement(supplied));
            }
        }
    }

    /// <summary>The desk saw the delay coming: an apology with a new appointment, before the due instant.</summary>
    private void Apologize(DemoStream stream)
    {
        var state = stream.State;
        var at = Instant.Max(state.LastEventAt, state.DueAt - Duration.FromHours(2));
        if (at < state.DueAt)
        {
            stream.Then(new IssueApology(at, Calendar.AddWorkingTime(state.DueAt, Duration.FromHours(8)), "Cần thêm thời gian xác minh"));
        }
    }

    private DemoStream Receive(Random random, Channel channel, Instant receivedAt, Dictionary<LocalDate, int> receiptNumbers, Instant now)
    {
        var procedure = PickProcedure(random, channel);
        var day = Calendar.LocalDate(receivedAt);
        var number = receiptNumbers[day] = receiptNumbers.GetValueOrDefault(day) + 1;
        var id = NextGuid(random);
        var stream = new DemoStream(decider, procedure, now);
        // A slip's secret drawn from the dossier's id, not the demo's random, so every run gives the same ledger as before slips had one.
        var secret = new string(new Random(id.GetHashCode()).GetItems(PublicLookup.LookupSecret.Alphabet.AsSpan(), PublicLookup.LookupSecret.Length));
        stream.Then(new ReceiveDossier(
            id, $"{unitCode}-{day:yyMMdd}-{number:D4}", unitCode, procedure, channel, receivedAt, ApplicantNames.Pick(random),
            LookupSecret: secret));
        return stream;
    }

    /// <summary>One dossier's events as the decider produces them, with the state they lead to.</summary>
    private sealed class DemoStream(DossierDecider decider, Procedure procedure, Instant now)
    {
        public Procedure Procedure => procedure;

        public List<IDossierEvent> Events { get; } = [];

        public Dossier State { get; private set; } = null!;

        public void Then(DossierCommand command)
        {
            var e = Single(decider.Decide(Events.Count == 0 ? null : State, command, now));
            Events.Add(e);
            State = Dossier.Next(Events.Count == 1 ? null : State, e);
        }
    }

    /// <summary>
    /// An instant, no earlier than <paramref name="notBefore"/> and before <paramref name="rangeEnd"/>,
    /// at which resolving gives <paramref name="timeliness"/>; null when this dossier cannot have it.
    /// </summary>
    private Instant? ResolutionInstant(Random random, Dossier dossier, Timeliness timeliness, Instant notBefore, Instant rangeEnd)
    {
        var earliest = Calendar.LocalDate(notBefore);
        var latest = Calendar.LocalDate(rangeEnd - Duration.FromSeconds(1));
        var due = Calendar.LocalDate(dossier.DueAt);
        var (first, last) = timeliness switch
        {
            Timeliness.Early => (earliest, Min(latest, due.PlusDays(-1))),
            Timeliness.OnTime => (Max(earliest, due), Min(latest, due)),
            _ => (Max(earliest, due.PlusDays(1)), Min(latest, due.PlusDays(5))),
        };

        // Early resolutions mostly come soon after receipt; spread the rest over the window.
        var days = Enumerable.Range(0, Math.Max(0, Period.Between(first, last, PeriodUnits.Days).Days + 1))
            .Select(first.PlusDays)
            .Where(Calendar.Days.IsWorkingDay)
            .ToList();
        if (days.Count == 0)
        {
            return null;
        }

        var date = days[(int)(days.Count * Math.Pow(random.NextDouble(), 2))];
        var opening = Calendar.Zone.AtStrictly(date.At(Calendar.Hours.MorningOpen)).ToInstant();
        var from = Instant.Max(opening, notBefore);
        var until = Calendar.Zone.AtStrictly(date.At(Calendar.Hours.AfternoonClose)).ToInstant();
        if (timeliness == Timeliness.OnTime || date == Calendar.LocalDate(dossier.DueAt))
        {
            until = Instant.Min(until, Instant.Max(from, dossier.DueAt));
        }

        if (until <= from)
        {
            return from < rangeEnd && Calendar.LocalDate(from) == date ? from + Duration.FromSeconds(1) : null;
        }

        var working = Calendar.WorkingTimeBetween(from, until);
        var offset = working > Duration.Zero
            ? Duration.FromSeconds((long)(random.NextDouble() * working.TotalSeconds))
            : Duration.Zero;
        var at = working > Duration.Zero ? Calendar.AddWorkingTime(from, offset) : from;
        return at > dossier.ReceivedAt && at >= notBefore && Calendar.LocalDate(at) == date && at < rangeEnd ? at : null;
    }

    private Procedure PickProcedure(Random random, Channel channel)
    {
        // Civil status and certification make up most of a commune desk's work.
        var field = random.NextDouble() switch
        {
            < 0.46 => "HT",
            < 0.80 => "CT",
            _ => null,
        };
        var candidates = catalogue.All
            .Where(p => field is null ? p.FieldCode is not ("HT" or "CT") : p.FieldCode == field)
            .Where(p => channel != Channel.Online || p.OnlineLevel != OnlineLevel.None)
            .ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. catalogue.All.Where(p => channel != Channel.Online || p.OnlineLevel != OnlineLevel.None)];
        }

        return candidates[random.Next(candidates.Count)];
    }

    /// <summary>A receipt instant: desk channels during office hours, online at any hour with a daytime peak.</summary>
    private Instant RandomReceipt(Random random, Channel channel, LocalDate first, LocalDate last)
    {
        var span = Period.Between(first, last, PeriodUnits.Days).Days + 1;
        while (true)
        {
            var date = first.PlusDays(random.Next(span));
            var working = Calendar.Days.IsWorkingDay(date);
            if (!working && (channel != Channel.Online || random.NextDouble() > 0.15))
            {
                continue;
            }

            LocalTime time;
            if (channel == Channel.Online)
            {
                var hour = random.NextDouble() < 0.85 ? random.Next(7, 22) : random.Next(0, 24);
                time = new LocalTime(hour, random.Next(60), random.Next(60));
            }
            else
            {
                var morning = random.NextDouble() < 0.62;
                var open = morning ? Calendar.Hours.MorningOpen : Calendar.Hours.AfternoonOpen;
                var close = morning ? Calendar.Hours.MorningClose : Calendar.Hours.AfternoonClose;
                var minutes = (int)Period.Between(open, close, PeriodUnits.Minutes).Minutes;
                time = open.PlusMinutes(random.Next(minutes)).PlusSeconds(random.Next(60));
            }

            return Calendar.Zone.AtStrictly(date.At(time)).ToInstant();
        }
    }

    private static ResultReturnMethod ReturnMethod(Channel channel) => channel switch
    {
        Channel.Online => ResultReturnMethod.Electronic,
        Channel.Postal => ResultReturnMethod.Postal,
        _ => ResultReturnMethod.Counter,
    };

    private static IDossierEvent Single(Decision decision) =>
        decision.Violation is { } violation
            ? throw new InvalidOperationException($"Demo generator broke rule {violation.Rule}: {violation.Detail}")
            : decision.Events.Single();

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static IEnumerable<T> Repeat<T>(T value, long count) => Enumerable.Repeat(value, (int)count);

    private static List<T> Shuffle<T>(Random random, IEnumerable<T> items)
    {
        var list = items.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    private static LocalDate Min(LocalDate a, LocalDate b) => a < b ? a : b;

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}
