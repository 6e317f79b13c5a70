using System.Globalization;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Procedures;
using DossierLedger.Domain.Units;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Forms;

/// <summary>
/// The unit a form is issued in the name of, as its head prints it: the unit above it in regular type, then the unit and,
/// for the one-stop desk's papers, the desk in bold (<see cref="Lines"/> from <see cref="RegularLines"/> on).
/// </summary>
public sealed record FormIssuer(IReadOnlyList<string> Lines, int RegularLines);

/// <summary>A unit as the forms name it on a day: its registered name, the unit above it, its address, the place in the date line.</summary>
public sealed record FormUnit(string Code, string Name, string? ParentName, string? Address)
{
    /// <summary>The words of the registry's names that say a unit's level, left out of the place name of the date line.</summary>
    private static readonly string[] LevelWords = ["Thành phố", "Thị trấn", "Thị xã", "Phường", "Tỉnh", "Huyện", "Quận", "Xã"];

    /// <summary>Địa danh: the unit's name without the word of its level (<c>Xã Kim Phượng</c> → <c>Kim Phượng</c>).</summary>
    public string Place => LevelWords.FirstOrDefault(w => Name.StartsWith(w + " ", StringComparison.Ordinal)) is { } word ? Name[(word.Length + 1)..] : Name;

    /// <summary>The name and address, where a form says where to go.</summary>
    public string NameAndAddress => Address is null ? Name : $"{Name}, {Address}";

    /// <summary>The head of a paper of this unit; <paramref name="desk"/> names its one-stop desk when the desk issues it.</summary>
    public FormIssuer Issuer(string? desk) =>
        new([.. ParentName is null ? [] : new[] { ParentName.ToUpperInvariant() }, Name.ToUpperInvariant(), .. desk is null ? [] : new[] { desk }],
            ParentName is null ? 0 : 1);

    /// <summary>A unit the registry names on <paramref name="day"/>; an unregistered code stands for itself.</summary>
    public static FormUnit Of(UnitRegistry registry, string code, LocalDate day) => registry.Find(code) is { } unit
        ? new(code, unit.Name, unit.ParentOn(day) is { } parent ? registry.Find(parent)?.Name : null, unit.AddressOn(day))
        : new(code, code, null, null);
}

/// <summary>
/// What the forms print, all read from the ledger: the dossier folded from its stream by the domain's own fold, the events
/// in order, the registry for units' names and addresses, the procedure's version in force at receipt, and the public
/// lookup's address for the dossier (null when it has no lookup secret).
/// </summary>
public sealed record FormSource(
    Dossier Dossier, IReadOnlyList<IDossierEvent> Events, UnitRegistry Registry, ProcedureVersion? Procedure, Uri? LookupUrl)
{
    /// <summary>The one-stop desk as the papers it issues name it (Bộ phận tiếp nhận và trả kết quả).</summary>
    public const string Desk = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";

    private static readonly OffsetDateTimePattern Moment = OffsetDateTimePattern.CreateWithInvariantCulture("dd'/'MM'/'uuuu HH':'mm");

    /// <summary>The dossier as it stood just after <paramref name="e"/>, folded from the events up to it.</summary>
    public Dossier StateAfter(IDossierEvent e)
    {
        var position = 0;
        while (!ReferenceEquals(Events[position], e))
        {
            position++;
        }

        return Dossier.Fold(Events.Take(position + 1));
    }

    /// <summary>The unit <paramref name="code"/> as the registry had it on the Vietnamese date of <paramref name="at"/>.</summary>
    public FormUnit Unit(string code, Instant at) => FormUnit.Of(Registry, code, Date(at));

    /// <summary>Where the dossier was received, on the day of <paramref name="at"/>.</summary>
    public FormUnit ReceivingUnit(Instant at) => Unit(Dossier.ReceivingUnitCode, at);

    /// <summary>The authority that held the dossier when <paramref name="e"/> happened.</summary>
    public FormUnit Authority(IDossierEvent e) => Unit(StateAfter(e).AuthorityCode, e.OccurredAt);

    public string Applicant => Dossier.ApplicantName ?? "……………………";

    /// <summary>The procedure's code and name as its version at receipt has them (the code alone when the catalogue lacks it).</summary>
    public string ProcedureLine => Procedure is { } version ? $"{version.Code} – {version.Procedure.Name}" : Dossier.ProcedureCode;

    /// <summary>An instant as the desk reads it, Vietnam time: <c>13/03/2025 08:00</c>.</summary>
    public static string Format(Instant at) => Moment.Format(VietnamTime.Of(at));

    public static LocalDate Date(Instant at) => VietnamTime.Of(at).Date;

    public static string Money(decimal amount) => string.Format(CultureInfo.GetCultureInfo("vi-VN"), "{0:#,0} đồng", amount);

    public static string ChannelName(Channel channel) => channel switch
    {
        Channel.Direct => "Trực tiếp",
        Channel.Online => "Trực tuyến",
        Channel.Postal => "Qua dịch vụ bưu chính công ích",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };
}
