using Marten.Linq.MatchesSql;
using NodaTime;

namespace DossierLedger.Api.Storage;

/// <summary>
/// Comparisons of a document's NodaTime instants in a Marten query. Marten 9's LINQ has no member source for NodaTime
/// types ("Marten cannot support custom value types in Linq expression"), so a <c>d.DueAt &lt; limit</c> fails at run
/// time; these compare the stored ISO-8601 instant as a <c>timestamptz</c> through Marten's public <c>MatchesSql</c>,
/// exactly (a text comparison would misorder fractional seconds) and still composable with the rest of the query.
/// The instant is read through <c>dl_instant</c> (migration 0012), the expression an index can hold.
/// </summary>
public static class InstantFilters
{
    /// <summary>SQL for the instant at <paramref name="jsonName"/> of the query's document, as a <c>timestamptz</c>.</summary>
    public static string Sql(string jsonName) => $"dl_instant(d.data ->> '{jsonName}')";

    /// <summary>Documents whose instant at <paramref name="jsonName"/> is at or after <paramref name="at"/>.</summary>
    public static IQueryable<T> AtOrAfter<T>(this IQueryable<T> query, string jsonName, Instant at)
        where T : notnull
    {
        var sql = $"{Sql(jsonName)} >= ?";
        var value = at.ToDateTimeOffset();
        return query.Where(d => d.MatchesSql(sql, value));
    }

    /// <summary>Documents whose instant at <paramref name="jsonName"/> falls on one of the local dates <paramref name="from"/>–<paramref name="to"/> in <paramref name="zone"/>.</summary>
    public static IQueryable<T> OnDates<T>(this IQueryable<T> query, string jsonName, LocalDate from, LocalDate to, DateTimeZone zone)
        where T : notnull =>
        query.AtOrAfter(jsonName, from.AtStartOfDayInZone(zone).ToInstant()).Before(jsonName, to.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());

    /// <summary>Documents whose instant at <paramref name="jsonName"/> is before <paramref name="limit"/>.</summary>
    public static IQueryable<T> Before<T>(this IQueryable<T> query, string jsonName, Instant limit)
        where T : notnull
    {
        var sql = $"{Sql(jsonName)} < ?";
        var value = limit.ToDateTimeOffset();
        return query.Where(d => d.MatchesSql(sql, value));
    }
}
