using DossierLedger.Domain.Units;

namespace DossierLedger.Domain.Reports;

/// <summary>
/// How the official Biểu 06, which has no withdrawn or stopped columns, counts the dossiers that ended that way.
/// Either way they count as resolved (đã giải quyết), so that total = resolved + pending holds on the form.
/// </summary>
public enum Bieu06Folding
{
    /// <summary>
    /// <c>peer</c> (the default): judged early, on time or overdue against their due like any end of processing
    /// (<see cref="DossierFacts.ClosingTimeliness"/>), as peer one-stop systems count withdrawals.
    /// </summary>
    Peer,

    /// <summary><c>as-on-time</c>: all counted resolved on time (đúng hạn), whatever their dates.</summary>
    AsOnTime,
}

/// <summary>
/// The figures of one row of the official table. <see cref="Resolved"/> is the form's "đã giải quyết": resolved,
/// withdrawn and stopped, as the folding counts them. Identities: received total = resolved total + pending total =
/// carried over + new; new = online + direct or postal; resolved total = early + on time + overdue.
/// </summary>
public sealed record OfficialFigures(ReceivedFigures Received, ResolvedFigures Resolved, PendingFigures Pending)
{
    /// <summary>The row's cells, in the order of <see cref="OfficialBieu06.Columns"/>.</summary>
    public IReadOnlyList<long> Cells => [.. OfficialBieu06.Columns.Select(column => column.Cell(this))];
}

/// <summary>
/// One data column of the form: its number in the numbered row under the header, the column group and sub-group it
/// sits under, its own label, a stable key for clients, and how its cell is read from a row's figures.
/// </summary>
public sealed record OfficialColumn(int Number, string Group, string? SubGroup, string Label, string Key, Func<OfficialFigures, long> Cell);

/// <summary>
/// A group of rows of the form ("theo cấp"): the level of the units whose dossiers the rows count, with its place
/// among the groups (<see cref="Order"/>, highest level first). Computed from the registry (<see cref="OfficialBieu06.LevelOf"/>),
/// so that units of other kinds (an agency under a province) can be placed at a level without a new grouping.
/// </summary>
public sealed record Bieu06Level(int Order, string Code, string Name)
{
    public static readonly Bieu06Level Provincial = new(1, "provincial", "Cấp tỉnh");

    /// <summary>Districts: abolished on 1 July 2025, so only in reports over earlier dates.</summary>
    public static readonly Bieu06Level District = new(2, "district", "Cấp huyện");

    public static readonly Bieu06Level Commune = new(3, "commune", "Cấp xã");

    /// <summary>Units the registry does not know (possible with <c>Units:RequireRegistered</c> off): last.</summary>
    public static readonly Bieu06Level Unregistered = new(9, "unregistered", "Đơn vị chưa có trong danh mục");

    public static IReadOnlyList<Bieu06Level> All { get; } = [Provincial, District, Commune, Unregistered];
}

/// <summary>
/// Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP): the official layout of the period figures, in one place — its
/// header, its column table, how a row's cells come from the ledger's figures under a <see cref="Bieu06Folding"/>,
/// and the level each unit's rows are grouped under.
/// </summary>
public static class OfficialBieu06
{
    public const string Form = "Biểu số 06/VPCP/KSTT";

    public const string Title = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC";

    public const string UnitOfMeasure = "Số hồ sơ TTHC";

    /// <summary>The header of the row-label column.</summary>
    public const string RowHeader = "Lĩnh vực, công việc giải quyết theo cấp";

    private const string Received = "Số hồ sơ nhận giải quyết";
    private const string Resolved = "Số hồ sơ đã giải quyết";
    private const string Pending = "Số hồ sơ đang giải quyết";
    private const string New = "Số mới tiếp nhận";

    /// <summary>
    /// The data columns left to right. The form's own column numbers were not available: the data columns are numbered
    /// 1 to 11 from the left, after the row-label column (docs/reports.md); a corrected numbering changes only this table.
    /// </summary>
    public static IReadOnlyList<OfficialColumn> Columns { get; } =
    [
        new(1, Received, null, "Tổng số", "receivedTotal", f => f.Received.Total),
        new(2, Received, null, "Số kỳ trước chuyển qua", "carriedOver", f => f.Received.CarriedOver),
        new(3, Received, New, "Trực tuyến", "online", f => f.Received.Online),
        new(4, Received, New, "Trực tiếp, dịch vụ bưu chính", "directOrPostal", f => f.Received.DirectOrPostal),
        new(5, Resolved, null, "Tổng số", "resolvedTotal", f => f.Resolved.Total),
        new(6, Resolved, null, "Trước hạn", "resolvedEarly", f => f.Resolved.Early),
        new(7, Resolved, null, "Đúng hạn", "resolvedOnTime", f => f.Resolved.OnTime),
        new(8, Resolved, null, "Quá hạn", "resolvedOverdue", f => f.Resolved.Overdue),
        new(9, Pending, null, "Tổng số", "pendingTotal", f => f.Pending.Total),
        new(10, Pending, null, "Trong hạn", "pendingWithinDeadline", f => f.Pending.WithinDeadline),
        new(11, Pending, null, "Quá hạn", "pendingOverdue", f => f.Pending.Overdue),
    ];

    /// <summary>Each folding by the name configuration and requests give it (<c>Reports:Bieu06:Folding</c>, <c>folding=</c>).</summary>
    public static IReadOnlyDictionary<string, Bieu06Folding> Foldings { get; } = new Dictionary<string, Bieu06Folding>(StringComparer.Ordinal)
    {
        ["peer"] = Bieu06Folding.Peer,
        ["as-on-time"] = Bieu06Folding.AsOnTime,
    };

    public static string NameOf(Bieu06Folding folding) => Foldings.Single(f => f.Value == folding).Key;

    /// <summary>
    /// A row of the form from the ledger's figures of the same dossiers: received and pending as they are; withdrawn
    /// and stopped added to the resolved columns as <paramref name="folding"/> says.
    /// </summary>
    public static OfficialFigures Fold(PeriodFigures figures, ClosedOtherTimeliness closedOther, Bieu06Folding folding)
    {
        var (withdrawn, stopped, handedOver) = (closedOther.Withdrawn, closedOther.Stopped, closedOther.HandedOver);
        if (withdrawn.Total != figures.ClosedOther.Withdrawn || stopped.Total != figures.ClosedOther.Stopped
            || handedOver.Total != figures.ClosedOther.HandedOver)
        {
            throw new ArgumentException("The judged withdrawals, stops and hand-overs are not those of the figures.", nameof(closedOther));
        }

        var ended = new EndedFigures(
            withdrawn.Total + stopped.Total + handedOver.Total,
            withdrawn.Early + stopped.Early + handedOver.Early,
            withdrawn.OnTime + stopped.OnTime + handedOver.OnTime,
            withdrawn.Overdue + stopped.Overdue + handedOver.Overdue);
        var (early, onTime, overdue) = folding switch
        {
            Bieu06Folding.Peer => (ended.Early, ended.OnTime, ended.Overdue),
            Bieu06Folding.AsOnTime => (0L, ended.Total, 0L),
            _ => throw new ArgumentOutOfRangeException(nameof(folding), folding, null),
        };
        var resolved = figures.Resolved;
        return new OfficialFigures(
            figures.Received,
            new ResolvedFigures(resolved.Total + ended.Total, resolved.Early + early, resolved.OnTime + onTime, resolved.Overdue + overdue),
            figures.Pending);
    }

    /// <summary>The level a unit's rows are grouped under; a unit the registry does not know (null) is <see cref="Bieu06Level.Unregistered"/>.</summary>
    public static Bieu06Level LevelOf(AdministrativeUnit? unit) => unit?.Level switch
    {
        null => Bieu06Level.Unregistered,
        UnitLevel.Province => Bieu06Level.Provincial,
        UnitLevel.District => Bieu06Level.District,
        UnitLevel.Commune => Bieu06Level.Commune,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit.Level, "A unit level with no place in Biểu 06."),
    };
}
