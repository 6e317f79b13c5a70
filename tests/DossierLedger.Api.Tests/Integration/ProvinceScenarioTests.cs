using System.Net;
using System.Text.Json;
using DossierLedger.Domain.Dossiers;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Tests.Integration;

/// <summary>
/// The 2025 regime end to end: a province with three communes, a land agency and a service centre; dossiers received
/// across boundaries, paused, handed over and closed, and commune C split into C1 and C2 midway, its open dossiers
/// allocated between them. Every report of every unit over many ranges equals a fold of the events written here from
/// the definitions in docs/reports.md — parts per authority, merged over an area — without the ledger's own facts or
/// counters; and the reports printed before the split are what the ledger answers as known then.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class ProvinceScenarioTests(LedgerFixture ledger)
{
    private static readonly DateTimeZone Vietnam = DateTimeZoneProviders.Tzdb["Asia/Ho_Chi_Minh"];
    private static readonly OffsetDateTimePattern Wire = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>");
    private static readonly LocalDate First = new(2025, 8, 1);
    private static readonly LocalDate SplitOn = new(2025, 10, 1);

    [Fact]
    public async Task Every_report_of_every_unit_over_many_ranges_equals_a_fold_of_the_events()
    {
        var m = await TestProvince.RegisterAsync(ledger);
        var (c1, c2) = ($"{m.C}1", $"{m.C}2");
        var random = new Random(20250701);
        var ids = await PlayAsync(m, Plan(m, random), c1, c2);
        var dossiers = new List<IReadOnlyList<Part>>();
        await using (var session = ledger.Store.QuerySession())
        {
            foreach (var id in ids)
            {
                dossiers.Add(Fold((await session.Events.FetchStreamAsync(id)).Select(e => e.Data)));
            }
        }

        var areas = new Dictionary<string, string[]>
        {
            [m.A] = [m.A],
            [m.B] = [m.B],
            [m.C] = [m.C],
            [c1] = [c1],
            [c2] = [c2],
            [m.S] = [m.S],
            [m.T] = [m.T],
            [m.P] = [m.P, m.A, m.B, m.C, c1, c2, m.S, m.T],
        };
        var whole = Figures(dossiers, areas[m.P], First, new LocalDate(2025, 12, 31));
        var handedOver = dossiers.Sum(d => d.Count - 1);
        new[] { handedOver, whole[5] + whole[6], whole[7], whole[8], whole[12] }
            .ShouldNotContain(0, "the scenario exercises hand-overs, resolutions, overdue resolutions, withdrawals and overdue pending dossiers");

        var ranges = Enumerable.Range(0, 24).Select(_ => RandomRange(random)).Append((First, new LocalDate(2025, 12, 31)));
        foreach (var (from, to) in ranges)
        {
            foreach (var (unit, area) in areas)
            {
                await CompareAsync(unit, area, from, to, dossiers);
            }
        }
    }

    private async Task CompareAsync(string unit, string[] area, LocalDate from, LocalDate to, IReadOnlyList<IReadOnlyList<Part>> dossiers)
    {
        var range = $"unit={unit}&from={LocalDatePattern.Iso.Format(from)}&to={LocalDatePattern.Iso.Format(to)}";
        var (status, report, _) = await ledger.GetAsync($"/api/reports/period?{range}&groupBy=procedure");
        status.ShouldBe(HttpStatusCode.OK, report.ToString());
        Read(report).ShouldBe(Figures(dossiers, area, from, to), range);
        ReadQuality(report).ShouldBe(Quality(dossiers, area, from, to), $"QĐ 766 {range}");
        foreach (var row in report.GetProperty("groups").EnumerateArray())
        {
            var procedure = row.GetProperty("procedureCode").GetString()!;
            var ofProcedure = dossiers.Select(d => (IReadOnlyList<Part>)[.. d.Where(p => p.Procedure == procedure)]).ToList();
            Read(row).ShouldBe(Figures(ofProcedure, area, from, to), $"{range} {procedure}");
            ReadQuality(row).ShouldBe(Quality(ofProcedure, area, from, to), $"QĐ 766 {range} {procedure}");
        }

        (status, var bieu06, _) = await ledger.GetAsync($"/api/reports/bieu06?{range}&folding=peer");
        status.ShouldBe(HttpStatusCode.OK, bieu06.ToString());
        bieu06.GetProperty("official").GetProperty("total").GetProperty("cells").EnumerateArray().Select(c => c.GetInt64())
            .ShouldBe(OfficialCells(dossiers, area, from, to), $"official {range}");
    }

    private (LocalDate From, LocalDate To) RandomRange(Random random)
    {
        var from = First.PlusDays(random.Next(0, 140));
        return (from, from.PlusDays(random.Next(0, 70)));
    }

    // ---- The scenario: what happens to each dossier, in business-time order ----

    private sealed record Step(
        Instant At, int Dossier, string Action, string? Unit = null, string? Desk = null, string? Channel = null,
        (int Components, bool Reused, bool Electronic) Digitization = default);

    private static List<Step> Plan(TestProvince m, Random random)
    {
        string[] communes = [m.A, m.B, m.C], channels = ["direct", "online", "postal"];
        var steps = new List<Step>();
        for (var i = 0; i < 80; i++)
        {
            var day = First.PlusDays(random.Next(0, 110));
            day = day.DayOfWeek switch { IsoDayOfWeek.Saturday => day.PlusDays(2), IsoDayOfWeek.Sunday => day.PlusDays(1), _ => day };
            var at = day.At(new LocalTime(8 + random.Next(0, 8), random.Next(0, 60))).InZoneLeniently(Vietnam).ToInstant();
            var unit = random.Next(5) == 0 ? m.S : communes[random.Next(3)];
            var desk = random.Next(3) switch { 0 => m.T, 1 => unit, _ => unit == m.S ? m.T : communes[random.Next(3)] };
            steps.Add(new Step(at, i, "receive", unit, desk, channels[random.Next(3)]));
            Instant Later(int minHours, int maxHours) => at = at.Plus(Duration.FromHours(random.Next(minHours, maxHours)));
            if (random.Next(2) == 0)
            {
                steps.Add(new Step(Later(1, 24), i, "digitization", Digitization: (random.Next(3), random.Next(2) == 0, random.Next(3) != 0)));
            }

            if (unit != m.S && random.Next(4) == 0)
            {
                steps.Add(new Step(Later(1, 72), i, "hand-over", communes[random.Next(3)]));
            }

            var supplemented = random.Next(4) == 0;
            if (supplemented)
            {
                steps.Add(new Step(Later(2, 96), i, "supplement-request"));
                steps.Add(new Step(Later(24, 240), i, "supplement"));
            }

            if (unit != m.S && random.Next(7) == 0)
            {
                steps.Add(new Step(Later(1, 48), i, "hand-over", communes[random.Next(3)]));
            }

            if (supplemented && random.Next(3) == 0)
            {
                // A second request, still unanswered: late for 2.1 from its date, and it stays open.
                steps.Add(new Step(Later(2, 96), i, "supplement-request"));
                continue;
            }

            switch (random.Next(20))
            {
                case < 13: steps.Add(new Step(Later(4, 600), i, "resolve")); break;
                case < 15: steps.Add(new Step(Later(4, 300), i, "withdraw")); break;
                default: break; // still pending
            }
        }

        return [.. steps.OrderBy(s => s.At).ThenBy(s => s.Dossier)];
    }

    /// <summary>
    /// Plays the steps through the API. At the split date, C is split and its open dossiers allocated in turn to C1 and
    /// C2; from then on a step naming C names C1.
    /// </summary>
    private async Task<List<Guid>> PlayAsync(TestProvince m, IEnumerable<Step> steps, string c1, string c2)
    {
        var ids = new Dictionary<int, Guid>();
        var holder = new Dictionary<int, string>();
        var open = new HashSet<int>();
        var split = false;
        foreach (var step in steps)
        {
            if (!split && step.At >= SplitOn.AtStartOfDayInZone(Vietnam).ToInstant())
            {
                await SplitAsync(m, c1, c2, [.. open.Where(i => holder[i] == m.C).Order().Select(i => ids[i])], holder, ids);
                split = true;
            }

            string? Live(string? unit) => split && unit == m.C ? c1 : unit;
            string[] communes = [m.A, m.B, Live(m.C)!];
            var at = Wire.Format(step.At.InZone(Vietnam).ToOffsetDateTime());
            if (step.Action == "receive")
            {
                var procedure = step.Unit == m.S ? m.LandProcedure : TestProvince.CommuneProcedure;
                var (status, view, _) = await ledger.PostAsync("/api/dossiers", new
                {
                    unitCode = Live(step.Unit),
                    receivingUnitCode = Live(step.Desk),
                    procedureCode = procedure,
                    channel = step.Channel,
                    receivedAt = at,
                });
                status.ShouldBe(HttpStatusCode.Created, view.ToString());
                (ids[step.Dossier], holder[step.Dossier]) = (view.GetProperty("id").GetGuid(), Live(step.Unit)!);
                open.Add(step.Dossier);
                continue;
            }

            var wanted = Live(step.Unit);
            var to = wanted == holder[step.Dossier] ? communes.First(c => c != wanted) : wanted;
            var (path, body) = step.Action switch
            {
                "hand-over" => ("hand-overs", (object)new { toUnitCode = to, reason = "không thuộc thẩm quyền", at }),
                "supplement-request" => ("supplement-requests", new { items = "bản sao giấy tờ", at }),
                "supplement" => ("supplements", new { at }),
                "resolve" => ("resolution", new { at }),
                "withdraw" => ("withdrawal", new { reason = "công dân rút", at }),
                "digitization" => ("digitization", new
                {
                    componentsDigitized = step.Digitization.Components,
                    reusedData = step.Digitization.Reused,
                    electronicResult = step.Digitization.Electronic,
                    at,
                }),
                _ => throw new InvalidOperationException(step.Action),
            };
            var (answer, result, _) = await ledger.PostAsync($"/api/dossiers/{ids[step.Dossier]}/{path}", body);
            answer.ShouldBe(HttpStatusCode.OK, $"{step} {result}");
            holder[step.Dossier] = step.Action == "hand-over" ? to! : holder[step.Dossier];
            if (step.Action is "resolve" or "withdraw")
            {
                open.Remove(step.Dossier);
            }
        }

        return [.. ids.OrderBy(i => i.Key).Select(i => i.Value)];
    }

    /// <summary>
    /// Splits C, after printing the reports of C, A and the province over a few ranges; the same reports asked as known
    /// before the split must be what was printed.
    /// </summary>
    private async Task SplitAsync(TestProvince m, string c1, string c2, Guid[] pending, Dictionary<int, string> holder, Dictionary<int, Guid> ids)
    {
        var printed = new Dictionary<string, long[]>();
        string[] ranges = ["from=2025-08-01&to=2025-09-30", "from=2025-09-15&to=2025-10-31", "from=2025-08-01&to=2025-12-31"];
        foreach (var query in ranges.SelectMany(r => new[] { m.C, m.A, m.P }.Select(u => $"unit={u}&{r}")))
        {
            printed[query] = Read((await ledger.GetAsync($"/api/reports/period?{query}")).Body);
        }

        var knownBefore = LedgerFixture.NowForQuery();
        pending.ShouldNotBeEmpty("C holds open dossiers to allocate");
        var allocation = pending.Select((id, i) => new { dossierId = id, to = i % 2 == 0 ? c1 : c2 }).ToArray();
        var (status, body, _) = await ledger.PostAsync("/api/admin/units/changes", new
        {
            changes = new object[]
            {
                new { change = "establish", code = c1, name = "Xã C1", level = "commune", parentCode = m.P, effectiveFrom = "2025-10-01" },
                new { change = "establish", code = c2, name = "Xã C2", level = "commune", parentCode = m.P, effectiveFrom = "2025-10-01" },
                new { change = "split", code = m.C, successors = new[] { c1, c2 }, effectiveFrom = "2025-10-01", allocation },
            },
        });
        status.ShouldBe(HttpStatusCode.OK, body.ToString());
        foreach (var line in allocation)
        {
            holder[ids.Single(i => i.Value == line.dossierId).Key] = line.to;
        }

        var changed = 0;
        foreach (var (query, figures) in printed)
        {
            var (asKnown, report, _) = await ledger.GetAsync($"/api/reports/period?{query}&asKnownAt={knownBefore}");
            asKnown.ShouldBe(HttpStatusCode.OK, report.ToString());
            Read(report).ShouldBe(figures, $"as known before the split: {query}");
            changed += Read((await ledger.GetAsync($"/api/reports/period?{query}")).Body).SequenceEqual(figures) ? 0 : 1;
        }

        changed.ShouldBePositive("the split changed what C reports for ranges after it");
    }

    // ---- The independent fold: a dossier's parts, one per authority that held it ----

    private sealed class Part
    {
        public required string Unit { get; init; }

        public required string Procedure { get; init; }

        public required Channel Channel { get; init; }

        public required LocalDate ReceivedOn { get; init; }

        public bool HandedIn { get; init; }

        /// <summary>The date of the effective due; none while the clock is paused before it.</summary>
        public LocalDate? OverdueOn { get; set; }

        public LocalDate? ClosedOn { get; set; }

        /// <summary>early, onTime, overdue (resolved), withdrawn or handedOver.</summary>
        public string? Closure { get; set; }

        /// <summary>What the dossier as a whole has now, whichever authority holds it.</summary>
        public required DossierNow Dossier { get; init; }

        public Part Until(Part last) => new()
        {
            Dossier = Dossier,
            Unit = Unit,
            Procedure = Procedure,
            Channel = Channel,
            ReceivedOn = ReceivedOn,
            HandedIn = HandedIn,
            OverdueOn = last.OverdueOn,
            ClosedOn = last.ClosedOn,
            Closure = last.Closure,
        };
    }

    /// <summary>The dossier's current flags, shared by its parts: the procedure's paper result, digitization, supplements.</summary>
    private sealed class DossierNow
    {
        public bool PaperResult { get; init; }

        public bool Digitized { get; set; }

        public bool ReusedData { get; set; }

        public bool ElectronicResult { get; set; }

        public int SupplementRequests { get; set; }

        /// <summary>The date of the supplement request it waits on now, if it does.</summary>
        public LocalDate? AwaitingSince { get; set; }
    }

    private static LocalDate Date(Instant at) => at.InZone(Vietnam).Date;

    private static List<Part> Fold(IEnumerable<object> events)
    {
        var parts = new List<Part>();
        foreach (var e in events)
        {
            var current = parts.LastOrDefault();
            switch (e)
            {
                case DossierReceived r:
                    parts.Add(new Part
                    {
                        Unit = r.UnitCode,
                        Procedure = r.ProcedureCode,
                        Channel = r.Channel,
                        ReceivedOn = Date(r.OccurredAt),
                        OverdueOn = Date(r.DueAt),
                        Dossier = new DossierNow { PaperResult = r.Traits!.PaperResult },
                    });
                    break;
                case SupplementRequested s:
                    current!.OverdueOn = s.RemainingWorkingTime is null ? current.OverdueOn : null;
                    current.Dossier.SupplementRequests++;
                    current.Dossier.AwaitingSince = Date(s.OccurredAt);
                    break;
                case SupplementReceived s:
                    current!.OverdueOn = Date(s.NewDueAt);
                    current.Dossier.AwaitingSince = null;
                    break;
                case DossierDigitized d:
                    (current!.Dossier.Digitized, current.Dossier.ReusedData, current.Dossier.ElectronicResult) =
                        (d.ComponentsDigitized > 0, d.ReusedData, d.ElectronicResult);
                    break;
                case DossierHandedOver h:
                    (current!.ClosedOn, current.Closure) = (Date(h.OccurredAt), "handedOver");
                    parts.Add(new Part
                    {
                        Unit = h.ToUnitCode,
                        Procedure = current.Procedure,
                        Channel = current.Channel,
                        ReceivedOn = Date(h.OccurredAt),
                        HandedIn = true,
                        OverdueOn = current.OverdueOn,
                        Dossier = current.Dossier,
                    });
                    break;
                case DossierResolved r:
                    (current!.ClosedOn, current.Closure) = (Date(r.OccurredAt), r.Timeliness switch
                    {
                        Timeliness.Early => "early",
                        Timeliness.OnTime => "onTime",
                        Timeliness.Overdue => "overdue",
                        _ => throw new InvalidOperationException(r.Timeliness.ToString()),
                    });
                    break;
                case DossierWithdrawn w:
                    (current!.ClosedOn, current.Closure) = (Date(w.OccurredAt), "withdrawn");
                    break;
                default:
                    throw new InvalidOperationException($"The scenario has no {e.GetType().Name}.");
            }
        }

        return parts;
    }

    /// <summary>An area sees a dossier as if it never changed hands inside it: consecutive parts held within it are one.</summary>
    private static IEnumerable<Part> Within(IReadOnlyList<Part> parts, IReadOnlyCollection<string> area)
    {
        Part? run = null;
        foreach (var part in parts)
        {
            if (!area.Contains(part.Unit))
            {
                if (run is not null)
                {
                    yield return run;
                }

                run = null;
                continue;
            }

            run = (run ?? part).Until(part);
        }

        if (run is not null)
        {
            yield return run;
        }
    }

    /// <summary>
    /// The period report's figures by docs/reports.md: carried over, new online / direct / postal, of which handed in,
    /// resolved early / on time / overdue, withdrawn, stopped, handed over, pending, of which overdue.
    /// </summary>
    private static long[] Figures(IEnumerable<IReadOnlyList<Part>> dossiers, IReadOnlyCollection<string> area, LocalDate from, LocalDate to)
    {
        var f = new long[13];
        foreach (var p in dossiers.SelectMany(d => Within(d, area)))
        {
            var isNew = p.ReceivedOn >= from && p.ReceivedOn <= to;
            var closedIn = p.ClosedOn >= from && p.ClosedOn <= to;
            var pending = p.ReceivedOn <= to && !(p.ClosedOn <= to);
            f[0] += p.ReceivedOn < from && !(p.ClosedOn < from) ? 1 : 0;
            f[1 + p.Channel switch { Channel.Online => 0, Channel.Direct => 1, Channel.Postal => 2, _ => throw new InvalidOperationException() }] += isNew ? 1 : 0;
            f[4] += isNew && p.HandedIn ? 1 : 0;
            var closure = Array.IndexOf(["early", "onTime", "overdue", "withdrawn", "stopped", "handedOver"], p.Closure);
            f[5 + Math.Max(closure, 0)] += closedIn ? 1 : 0;
            f[11] += pending ? 1 : 0;
            f[12] += pending && p.OverdueOn <= to ? 1 : 0;
        }

        return f;
    }

    /// <summary>
    /// QĐ 766 by docs/reports.md, numerator then denominator: 2.1 (handled dossiers closed in the period by their due, or
    /// open at its end and not late: one waiting for a supplement judged at its request — late after the due date or for a
    /// second request — any other by the period's last day), 3.3 (received online, with an electronic result where the
    /// procedure has a paper one), 4.1, 4.2 and 4.3.
    /// </summary>
    private static long[] Quality(IEnumerable<IReadOnlyList<Part>> dossiers, IReadOnlyCollection<string> area, LocalDate from, LocalDate to)
    {
        var q = new long[10];
        foreach (var p in dossiers.SelectMany(d => Within(d, area)))
        {
            var d = p.Dossier;
            var isNew = p.ReceivedOn >= from && p.ReceivedOn <= to;
            var handled = isNew || (p.ReceivedOn < from && !(p.ClosedOn < from));
            var closedIn = p.ClosedOn >= from && p.ClosedOn <= to;
            var open = p.ReceivedOn <= to && !(p.ClosedOn <= to);
            var lacksElectronic = d.PaperResult && !d.ElectronicResult;
            var inTime = closedIn
                ? Judged(p) is "early" or "onTime"
                : open && (d.AwaitingSince is { } asked && asked <= to
                    ? d.SupplementRequests <= 1 && !(asked > p.OverdueOn)
                    : !(p.OverdueOn < to));
            var resolvedIn = closedIn && p.Closure is "early" or "onTime" or "overdue";
            long[] counts =
            [
                inTime ? 1 : 0, handled ? 1 : 0,
                isNew && p.Channel == Channel.Online && !lacksElectronic ? 1 : 0, isNew ? 1 : 0,
                resolvedIn && d.PaperResult && d.ElectronicResult ? 1 : 0, resolvedIn && d.PaperResult ? 1 : 0,
                handled && d.Digitized && !lacksElectronic ? 1 : 0, handled ? 1 : 0,
                isNew && d.ReusedData ? 1 : 0, isNew ? 1 : 0,
            ];
            for (var i = 0; i < q.Length; i++)
            {
                q[i] += counts[i];
            }
        }

        return q;
    }

    private static readonly string[] Indicators = ["progress", "onlineReception", "electronicResults", "digitization", "dataReuse"];
    private static readonly string[] Sides = ["numerator", "denominator"];

    private static long[] ReadQuality(JsonElement r)
    {
        var quality = r.GetProperty("quality");
        return [.. Indicators.SelectMany(name => Sides.Select(side => quality.GetProperty(name).GetProperty(side).GetInt64()))];
    }

    /// <summary>How a closing compares with the due: a resolution as recorded, any other closing by its date (none: on time).</summary>
    private static string Judged(Part p) =>
        p.Closure is "early" or "onTime" or "overdue" ? p.Closure
            : p.OverdueOn is not { } due || p.ClosedOn == due ? "onTime"
            : p.ClosedOn < due ? "early" : "overdue";

    private static long[] Read(JsonElement r)
    {
        long Of(string group, string name) => r.GetProperty(group).GetProperty(name).GetInt64();
        return
        [
            Of("received", "carriedOver"), Of("received", "online"), Of("received", "direct"), Of("received", "postal"), Of("received", "handedIn"),
            Of("resolved", "early"), Of("resolved", "onTime"), Of("resolved", "overdue"),
            Of("closedOther", "withdrawn"), Of("closedOther", "stopped"), Of("closedOther", "handedOver"),
            Of("pending", "total"), Of("pending", "overdue"),
        ];
    }

    /// <summary>
    /// The official Biểu 06 total row, columns (1)–(11), with the peer folding: a dossier withdrawn or handed over out of
    /// the area is resolved early, on time or overdue as its closing date compares with its due date (on time with none).
    /// </summary>
    private static long[] OfficialCells(IEnumerable<IReadOnlyList<Part>> dossiers, IReadOnlyCollection<string> area, LocalDate from, LocalDate to)
    {
        var (early, onTime, overdue) = (0L, 0L, 0L);
        foreach (var p in dossiers.SelectMany(d => Within(d, area)).Where(p => p.ClosedOn >= from && p.ClosedOn <= to))
        {
            (early, onTime, overdue) = Judged(p) switch
            {
                "early" => (early + 1, onTime, overdue),
                "onTime" => (early, onTime + 1, overdue),
                _ => (early, onTime, overdue + 1),
            };
        }

        var f = Figures(dossiers, area, from, to);
        var (carried, online, directOrPostal, pending, pendingOverdue) = (f[0], f[1], f[2] + f[3], f[11], f[12]);
        return
        [
            carried + online + directOrPostal, carried, online, directOrPostal, early + onTime + overdue, early, onTime, overdue,
            pending, pending - pendingOverdue, pendingOverdue,
        ];
    }
}
