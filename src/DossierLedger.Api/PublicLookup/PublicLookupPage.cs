using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DossierLedger.Api.Security;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.PublicLookup;

/// <summary>
/// <c>GET /lookup</c>: the public lookup as a page for a phone, in Vietnamese, which the receipt slip's QR code opens
/// (<see cref="PublicLookupLink"/>). With its query it shows what <c>GET /api/lookup</c> answers; without it, a form to
/// type the receipt number and lookup code. Open without a token, limited per client address like its JSON twin, and
/// not part of the API's description. Every text from the ledger is HTML-escaped, and the page runs no script: its
/// policy allows its own style sheet (by hash) and form, nothing else.
/// </summary>
public static class PublicLookupPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:32rem;margin-inline:auto;line-height:1.5;color:#1a1a1a}"
        + "h1{font-size:1.3rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem .8rem}dt{color:#555}dd{margin:0;font-weight:600}"
        + ".next{background:#eef5ff;border-left:4px solid #2563eb;padding:.6rem .8rem}.message{background:#fff4e5;border-left:4px solid #d97706;padding:.6rem .8rem}"
        + "label{display:block;margin-top:.8rem}input{font-size:1.1rem;width:100%;box-sizing:border-box;padding:.4rem}"
        + "button{margin-top:1rem;font-size:1.1rem;padding:.5rem 1.2rem}";

    /// <summary>No script, no framing, no other site; the inline style sheet above by its hash.</summary>
    private static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Escapes markup only: Vietnamese text stays readable in the page's source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly LocalDateTimePattern Clock = LocalDateTimePattern.CreateWithInvariantCulture("dd/MM/yyyy HH:mm");

    public static WebApplication MapPublicLookupPage(this WebApplication app)
    {
        app.MapGet(PublicLookupLink.PagePath, ShowAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.PublicLookupPolicy)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ShowAsync(string? receiptNo, string? secret, PublicLookupQuery lookup, HttpContext http, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(receiptNo) && string.IsNullOrWhiteSpace(secret))
        {
            return Html(http, Form(null, null), StatusCodes.Status200OK);
        }

        if (PublicLookupQuery.Check(receiptNo, secret) is not null)
        {
            return Html(http, Form(receiptNo, "Hãy nhập đủ số biên nhận và mã tra cứu in trên giấy tiếp nhận."), StatusCodes.Status400BadRequest);
        }

        return await lookup.FindAsync(receiptNo!, secret!, cancellation) is { } answer
            ? Html(http, Answer(answer), StatusCodes.Status200OK)
            : Html(http, Form(receiptNo, "Không tìm thấy hồ sơ với số biên nhận và mã tra cứu này. Hãy kiểm tra lại theo giấy tiếp nhận."),
                StatusCodes.Status404NotFound);
    }

    /// <summary>The page a client past its limit gets: when to try again.</summary>
    public static async Task TooManyAsync(HttpContext http, int seconds)
    {
        var body = Page($"<p class=\"message\" role=\"alert\">Ông/bà đã tra cứu quá nhiều lần. Hãy thử lại sau {seconds} giây.</p>");
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(body, Encoding.UTF8, http.RequestAborted);
    }

    private static string Form(string? receiptNo, string? message) => Page(
        (message is null ? "" : $"<p class=\"message\" role=\"alert\">{Encoder.Encode(message)}</p>")
        + $"""
          <form method="get" action="{PublicLookupLink.PagePath}">
            <label for="receiptNo">Số biên nhận</label>
            <input id="receiptNo" name="receiptNo" required maxlength="{PublicLookupQuery.MaxReceiptNoLength}" value="{Encoder.Encode(receiptNo?.Trim() ?? "")}" autocomplete="off">
            <label for="secret">Mã tra cứu</label>
            <input id="secret" name="secret" required maxlength="{PublicLookupQuery.MaxSecretLength}" autocomplete="off" autocapitalize="characters" spellcheck="false">
            <button type="submit">Tra cứu</button>
          </form>
          """);

    private static string Answer(PublicLookupAnswer a)
    {
        var rows = new List<(string Term, string? Value)>
        {
            ("Số biên nhận", a.ReceiptNo),
            ("Thủ tục", a.ProcedureName),
            ("Trạng thái", a.StatusName),
            ("Ngày nhận", Format(a.ReceivedAt)),
            ("Ngày hẹn trả", a.DueAt is { } due ? Format(due) : "Sẽ được tính lại khi hồ sơ được bổ sung"),
            ("Hẹn lại (thư xin lỗi)", a.ApologyAppointmentAt is { } apology ? Format(apology) : null),
            ("Ngày có kết quả", a.ResolvedAt is { } resolved ? Format(resolved) : null),
            ("Ngày trả kết quả", a.ResultReturnedAt is { } returned ? Format(returned) : null),
        };
        var list = string.Concat(rows.Where(r => r.Value is not null).Select(r => $"<dt>{Encoder.Encode(r.Term)}</dt><dd>{Encoder.Encode(r.Value!)}</dd>"));
        return Page($"""
            <dl>{list}</dl>
            <p class="next"><strong>Việc cần làm:</strong> {Encoder.Encode(a.NextStep.Text)}</p>
            <p><a href="{PublicLookupLink.PagePath}">Tra cứu hồ sơ khác</a></p>
            """);
    }

    private static string Format(OffsetDateTime at) => Clock.Format(at.LocalDateTime);

    private static string Page(string main) => $"""
        <!doctype html>
        <html lang="vi">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <meta name="referrer" content="no-referrer">
          <title>Tra cứu hồ sơ</title>
          <style>{Style}</style>
        </head>
        <body>
          <main>
            <h1>Tra cứu hồ sơ thủ tục hành chính</h1>
            {main}
          </main>
        </body>
        </html>
        """;

    private static IResult Html(HttpContext http, string html, int status)
    {
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
