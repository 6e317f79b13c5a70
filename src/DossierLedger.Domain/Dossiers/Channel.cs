namespace DossierLedger.Domain.Dossiers;

/// <summary>
/// How a dossier reached the desk (kênh tiếp nhận). Values are the national channel codes
/// used to synchronise with the national public-service portal.
/// </summary>
public enum Channel
{
    /// <summary>Trực tiếp: in person at the desk.</summary>
    Direct = 1,

    /// <summary>Trực tuyến: through the online public-service portal.</summary>
    Online = 2,

    /// <summary>Bưu chính công ích: by the public postal service.</summary>
    Postal = 3,
}
