using System.Security.Cryptography;
using System.Text.Json;
using DossierLedger.Domain.Calendar;
using DossierLedger.Domain.NationalPortal;
using DossierLedger.Domain.Procedures;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.NationalPortal;

/// <summary>
/// The portal's field names and formats: a <see cref="PortalRecord"/> as a <c>DongBoHoSoMC</c> dossier, a
/// <see cref="PortalStep"/> as a <c>CapNhatTienDoHoSoMC</c> step. Dates are <c>yyyyMMddHHmmss</c> in Vietnam time, an
/// unknown date an empty string; codes are numbers, yes/no flags 1 and 0. The ledger keeps no applicant type, telephone
/// or e-mail: every applicant is sent as a citizen (<c>LoaiDoiTuong</c> 1), with those two empty.
/// </summary>
public sealed class PortalWire(ProcedureCatalogue catalogue, NationalPortalSettings settings)
{
    public const string RecordService = "DongBoHoSoMC";
    public const string HistoryService = "CapNhatTienDoHoSoMC";
    public const string LookupService = "TraCuuHoSo";

    private const int MaxActorLength = 50;
    private static readonly LocalDateTimePattern Date = LocalDateTimePattern.CreateWithInvariantCulture("uuuuMMddHHmmss");
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record's JSON object, exactly as it is sent.</summary>
    public byte[] Record(PortalRecord record) => JsonObject(w =>
    {
        var procedure = catalogue.FindAt(record.ProcedureCode, record.ReceivedAt);
        w.WriteString("MaHoSo", record.DossierNo);
        w.WriteString("MaTTHC", record.ProcedureCode);
        w.WriteString("TenTTHC", procedure?.Name ?? record.ProcedureCode);
        w.WriteString("MaLinhVuc", record.FieldCode);
        w.WriteString("TenLinhVuc", catalogue.Fields.GetValueOrDefault(record.FieldCode, record.FieldCode));
        w.WriteString("SoBienNhan", record.DossierNo);
        w.WriteString("ChuHoSo", record.ApplicantName ?? "");
        w.WriteNumber("LoaiDoiTuong", 1);
        w.WriteString("SoDienThoai", "");
        w.WriteString("Email", "");
        w.WriteString("TrichYeuHoSo", procedure?.Name ?? record.ProcedureCode);
        w.WriteString("NgayTiepNhan", Format(record.ReceivedAt));
        w.WriteString("NgayHenTra", Format(record.AppointmentAt));
        w.WriteNumber("TrangThaiHoSo", (int)record.Status);
        w.WriteString("NgayTra", Format(record.ResultReturnedAt));
        w.WriteNumber("HinhThuc", Flag(record.ResultByPost));
        w.WriteString("NgayKetThucXuLy", Format(record.FinishedAt));
        w.WriteString("DonViXuLy", settings.UnitIdOf(record.AuthorityCode));
        w.WriteNumber("KenhThucHien", (int)record.Channel);
        w.WriteNumber("HoSoCoThanhPhanSoHoa", Flag(record.ComponentsDigitized > 0));
        w.WriteNumber("DuocThanhToanTrucTuyen", Flag(record.PaidOnline));
        w.WriteString("NgayTuChoi", Format(record.RefusedAt));
        w.WriteStartArray("TaiLieuNop");
        for (var i = 0; i < record.Components.Count; i++)
        {
            w.WriteStartObject();
            w.WriteString("TenTaiLieu", record.Components[i]);
            w.WriteNumber("DuocSoHoa", Flag(i < record.ComponentsDigitized));
            w.WriteNumber("DuocTaiSuDung", Flag(record.ReusedData));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("DanhSachLePhi");
        if (record.Fee is > 0 and var fee)
        {
            w.WriteStartObject();
            w.WriteString("TenPhiLePhi", "Phí, lệ phí");
            w.WriteNumber("MucPhi", fee);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("DanhSachGiayToKetQua");
        w.WriteEndArray();
    });

    /// <summary>A history step's JSON object; <paramref name="actor"/> is the user who recorded it, when known.</summary>
    public byte[] Step(string dossierNo, PortalStep step, string? actor) => JsonObject(w =>
    {
        w.WriteString("MaHoSo", dossierNo);
        w.WriteString("NguoiXuLy", actor is { Length: > MaxActorLength } ? actor[..MaxActorLength] : actor ?? "");
        w.WriteString("ChucDanh", "");
        w.WriteString("ThoiDiemXuLy", Format(step.At));
        w.WriteString("PhongBanXuLy", settings.UnitIdOf(step.UnitCode));
        w.WriteString("NoiDungXuLy", step.Content);
        w.WriteNumber("TrangThai", (int)step.Status);
        w.WriteString("NgayBatDau", Format(step.StartedAt));
        w.WriteString("NgayKetThucTheoQuyDinh", Format(step.DueBy));
    });

    /// <summary>The SHA-256 of JSON as sent, in lower-case hex: what a delivery records and an auditor recomputes.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> json) => Convert.ToHexStringLower(SHA256.HashData(json));

    /// <summary>The hash of several objects sent together, in order.</summary>
    public static string Fingerprint(IEnumerable<byte[]> objects)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var json in objects)
        {
            hash.AppendData(json);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string Format(Instant? at) => at is { } instant ? Date.Format(instant.InZone(VietnamTime.Zone).LocalDateTime) : "";

    private static int Flag(bool value) => value ? 1 : 0;

    /// <summary>A JSON object of the fields <paramref name="fields"/> writes, Vietnamese letters as they are.</summary>
    public static byte[] JsonObject(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
