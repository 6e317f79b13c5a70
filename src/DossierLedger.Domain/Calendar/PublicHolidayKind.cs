namespace DossierLedger.Domain.Calendar;

/// <summary>The public holidays (ngày nghỉ lễ, tết) of art. 112(1) of the Labour Code 2019.</summary>
public enum PublicHolidayKind
{
    /// <summary>Tết Dương lịch, 1 January.</summary>
    NewYear,

    /// <summary>Tết Âm lịch (Tết Nguyên đán): 5 days around the lunar new year.</summary>
    LunarNewYear,

    /// <summary>Giỗ Tổ Hùng Vương, the 10th day of the 3rd lunar month.</summary>
    HungKings,

    /// <summary>Ngày Chiến thắng, 30 April.</summary>
    ReunificationDay,

    /// <summary>Ngày Quốc tế lao động, 1 May.</summary>
    LabourDay,

    /// <summary>Quốc khánh: 2 September and one adjacent day (1 or 3 September).</summary>
    NationalDay,
}
