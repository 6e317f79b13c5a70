using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DossierLedger.StandInPortal;

/// <summary>A way the stand-in can be told to fail its next calls.</summary>
public enum PortalFault
{
    /// <summary>Answers nothing until the caller gives up.</summary>
    Timeout,

    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>An HTML maintenance page instead of JSON.</summary>
    NotJson,

    /// <summary>A JSON answer of a megabyte.</summary>
    Huge,
}

/// <summary>
/// A stand-in for the national public-service portal's integration API, for the tests and the demo: a session call
/// (<c>POST /auth</c>) and the services (<c>POST /integration</c>: <c>DongBoHoSoMC</c>, <c>CapNhatTienDoHoSoMC</c>,
/// <c>TraCuuHoSo</c>), with the field formats, the status and channel codes and the order of each dossier's history
/// checked. It keeps what it accepted, as the portal would, once per dossier and step (a step sent again is counted and
/// ignored), and can be told to fail: go down, time out, answer 5xx or not JSON or too much, expire its sessions, refuse a
/// dossier, or keep what a service is sent but hold back its answers (the caller cannot tell whether it was accepted).
/// </summary>
public sealed class StandInPortal : IAsyncDisposable
{
    public const string DemoUrl = "http://127.0.0.1:5090";
    public const string Username = "dossierledger";
    public const string Password = "stand-in-portal";
    public const string DstCode = "000.00.00.H00";

    private static readonly string[] RequiredDates = ["NgayTiepNhan", "NgayHenTra"];
    private static readonly string[] OptionalDates = ["NgayTra", "NgayKetThucXuLy", "NgayTuChoi"];
    private static readonly string[] StepDates = ["ThoiDiemXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh"];

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PortalDossier> _dossiers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Code, string Message)> _refused = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _recordCalls = new(StringComparer.Ordinal);
    private readonly Queue<PortalFault> _faults = new();
    private readonly List<string> _violations = [];
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;
    private (string Service, TaskCompletionSource Released)? _hold;

    private StandInPortal(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public Uri AuthUrl => new(Address, "auth");

    public Uri IntegrationUrl => new(Address, "integration");

    /// <summary>Calls answered, faults included.</summary>
    public int Calls { get; private set; }

    /// <summary>Sessions given.</summary>
    public int SessionsGiven { get; private set; }

    /// <summary>Steps sent again after the portal had them (ignored, as the portal keys them by dossier and step).</summary>
    public int RepeatedSteps { get; private set; }

    /// <summary>Answers held back since <see cref="HoldAnswers"/>: calls whose content the stand-in kept but whose caller has not heard so.</summary>
    public int HeldAnswers { get; private set; }

    /// <summary>What the stand-in refused as malformed or out of order: empty when the ledger kept the contract.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Starts it on <paramref name="url"/> (port 0: any free port).</summary>
    public static async Task<StandInPortal> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var portal = new StandInPortal(app);
        app.MapPost("/auth", (Delegate)portal.LogInAsync);
        app.MapPost("/integration", (Delegate)portal.IntegrateAsync);
        app.MapGet("/state", () => portal.State());
        await app.StartAsync();
        portal.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return portal;
    }

    /// <summary>The settings that point the ledger at this stand-in.</summary>
    public IReadOnlyDictionary<string, string> LedgerSettings(string separator = ":") => new Dictionary<string, string>
    {
        [$"NationalPortal{separator}Enabled"] = "true",
        [$"NationalPortal{separator}AuthUrl"] = AuthUrl.ToString(),
        [$"NationalPortal{separator}IntegrationUrl"] = IntegrationUrl.ToString(),
        [$"NationalPortal{separator}DstCode"] = DstCode,
        [$"NationalPortal{separator}Username"] = Username,
        [$"NationalPortal{separator}Password"] = Password,
    };

    /// <summary>
    /// Completes once <paramref name="condition"/> holds, checked after every call the stand-in answers; fails after
    /// <paramref name="timeout"/>, naming <paramref name="what"/> and what the stand-in has.
    /// </summary>
    public async Task WaitUntilAsync(Func<StandInPortal, bool> condition, TimeSpan timeout, string what)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (condition(this))
            {
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((() => condition(this), done));
        }

        try
        {
            await done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"The stand-in portal did not see {what} within {timeout}: {DossierCount} dossiers, {Calls} calls, violations: {string.Join("; ", Violations)}");
        }
    }

    /// <summary>Answers 503 to everything for <paramref name="duration"/>.</summary>
    public void GoDownFor(TimeSpan duration)
    {
        lock (_gate)
        {
            _downUntil = DateTimeOffset.UtcNow + duration;
        }
    }

    public void ComeBack()
    {
        lock (_gate)
        {
            _downUntil = DateTimeOffset.MinValue;
        }
    }

    /// <summary>Fails the next <paramref name="calls"/> calls with <paramref name="fault"/>.</summary>
    public void Fail(PortalFault fault, int calls = 1)
    {
        lock (_gate)
        {
            for (var i = 0; i < calls; i++)
            {
                _faults.Enqueue(fault);
            }
        }
    }

    /// <summary>
    /// From now on, keeps what each <paramref name="service"/> call is sent but holds its answer back until
    /// <see cref="ReleaseAnswers"/> or until the caller hangs up: a delivery in flight, the portal's state already changed.
    /// </summary>
    public void HoldAnswers(string service)
    {
        lock (_gate)
        {
            _hold = (service, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Gives the answers held back, and answers at once from now on.</summary>
    public void ReleaseAnswers()
    {
        lock (_gate)
        {
            _hold?.Released.TrySetResult();
            _hold = null;
        }
    }

    /// <summary>Forgets every session given: the next call with one is answered HTTP 401.</summary>
    public void ExpireSessions()
    {
        lock (_gate)
        {
            _sessions.Clear();
        }
    }

    /// <summary>Refuses any call carrying dossier <paramref name="dossierNo"/> with <paramref name="code"/>, until <see cref="Accept"/>.</summary>
    public void Refuse(string dossierNo, string code = "9", string message = "Mã thủ tục không có trong danh mục")
    {
        lock (_gate)
        {
            _refused[dossierNo] = (code, message);
        }
    }

    public void Accept(string dossierNo)
    {
        lock (_gate)
        {
            _refused.Remove(dossierNo);
        }
    }

    /// <summary>The dossier the portal keeps under <paramref name="dossierNo"/>, or null.</summary>
    public PortalDossier? Dossier(string dossierNo)
    {
        lock (_gate)
        {
            return _dossiers.GetValueOrDefault(dossierNo)?.Copy();
        }
    }

    /// <summary>How many <c>DongBoHoSoMC</c> calls sent the record of <paramref name="dossierNo"/>, whatever their answer.</summary>
    public int RecordCallsWith(string dossierNo)
    {
        lock (_gate)
        {
            return _recordCalls.GetValueOrDefault(dossierNo);
        }
    }

    /// <summary>History steps kept, over every dossier.</summary>
    public int StepCount
    {
        get
        {
            lock (_gate)
            {
                return _dossiers.Values.Sum(d => d.Steps.Count);
            }
        }
    }

    public int DossierCount
    {
        get
        {
            lock (_gate)
            {
                return _dossiers.Count;
            }
        }
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        ReleaseAnswers();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> LogInAsync(HttpContext http) => Signalled(await AnswerLogInAsync(http));

    private async Task<IResult> IntegrateAsync(HttpContext http)
    {
        var (answer, held) = await AnswerIntegrationAsync(http);
        Signalled(answer);
        if (held is not null)
        {
            await held.WaitAsync(http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        return answer;
    }

    /// <summary>Completes the waiters whose condition now holds.</summary>
    private IResult Signalled(IResult answer)
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToArray())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return answer;
    }

    private async Task<IResult> AnswerLogInAsync(HttpContext http)
    {
        if (await FaultAsync(http) is { } fault)
        {
            return fault;
        }

        var body = await ReadAsync(http);
        lock (_gate)
        {
            if (http.Request.Headers["dstcode"] != DstCode)
            {
                return Answer("1", "Mã dstcode không hợp lệ");
            }

            if (body?["username"]?.GetValue<string>() != Username || body["password"]?.GetValue<string>() != Password)
            {
                return Answer("1", "Sai tên đăng nhập hoặc mật khẩu");
            }

            var session = Guid.NewGuid().ToString("N");
            _sessions.Add(session);
            SessionsGiven++;
            return Results.Json(new { session, error_code = "0", message = "Đăng nhập thành công" });
        }
    }

    /// <summary>The call's answer, and what its answer waits for if answers to its service are held back.</summary>
    private async Task<(IResult Answer, Task? Held)> AnswerIntegrationAsync(HttpContext http)
    {
        if (await FaultAsync(http) is { } fault)
        {
            return (fault, null);
        }

        var body = await ReadAsync(http);
        lock (_gate)
        {
            if (body?["session"]?.GetValue<string>() is not { } session || !_sessions.Contains(session))
            {
                return (Results.StatusCode(StatusCodes.Status401Unauthorized), null);
            }

            if (http.Request.Headers["dstcode"] != DstCode || body["madonvi"]?.GetValue<string>() is not { Length: > 0 })
            {
                return (Answer("1", "Thiếu dstcode hoặc madonvi"), null);
            }

            var service = body["service"]?.GetValue<string>();
            var answer = service switch
            {
                "DongBoHoSoMC" => SynchroniseDossiers(body),
                "CapNhatTienDoHoSoMC" => UpdateHistory(body),
                "TraCuuHoSo" => LookUp(body),
                var other => Answer("1", $"Dịch vụ không hỗ trợ: {other}"),
            };
            if (_hold is not { } hold || hold.Service != service)
            {
                return (answer, null);
            }

            HeldAnswers++;
            return (answer, hold.Released.Task);
        }
    }

    private IResult SynchroniseDossiers(JsonObject body)
    {
        var updating = body["isUpdating"]?.GetValue<string>() switch
        {
            "True" => true,
            "False" => false,
            _ => (bool?)null,
        };
        if (updating is null || body["data"] is not JsonArray data || data.Count == 0)
        {
            return Violation("isUpdating must be \"True\" or \"False\" and data a non-empty list");
        }

        var dossiers = data.Select(d => d as JsonObject).ToArray();
        if (dossiers.Select(d => d is null ? "a dossier is not an object" : DossierError(d)).FirstOrDefault(e => e is not null) is { } error)
        {
            return Violation(error);
        }

        var numbers = dossiers.Select(d => d!["MaHoSo"]!.GetValue<string>()).ToArray();
        foreach (var number in numbers)
        {
            _recordCalls[number] = _recordCalls.GetValueOrDefault(number) + 1;
        }

        if (Refusal(numbers) is { } refused)
        {
            return refused;
        }

        if (!updating.Value && numbers.FirstOrDefault(_dossiers.ContainsKey) is { } existing)
        {
            return Answer("3", $"Mã hồ sơ {existing} đã tồn tại");
        }

        if (updating.Value && numbers.FirstOrDefault(n => !_dossiers.ContainsKey(n)) is { } missing)
        {
            return Answer("4", $"Không tìm thấy hồ sơ {missing} để cập nhật");
        }

        foreach (var dossier in dossiers)
        {
            var number = dossier!["MaHoSo"]!.GetValue<string>();
            var kept = _dossiers.TryGetValue(number, out var known) ? known : _dossiers[number] = new PortalDossier(number);
            kept.Record = dossier.DeepClone().AsObject();
            kept.Updates += updating.Value ? 1 : 0;
        }

        return Answer("0", "Đồng bộ hồ sơ thành công");
    }

    private IResult UpdateHistory(JsonObject body)
    {
        if (body["data"] is not JsonArray data || data.Count == 0 || data.Any(s => s is not JsonObject))
        {
            return Violation("data must be a non-empty list of steps");
        }

        var steps = data.Select(s => s!.AsObject()).ToArray();
        if (steps.Select(StepError).FirstOrDefault(e => e is not null) is { } error)
        {
            return Violation(error);
        }

        if (Refusal(steps.Select(s => s["MaHoSo"]!.GetValue<string>())) is { } refused)
        {
            return refused;
        }

        if (steps.Select(s => s["MaHoSo"]!.GetValue<string>()).FirstOrDefault(n => !_dossiers.ContainsKey(n)) is { } unknown)
        {
            return Violation($"history of {unknown} sent before its dossier");
        }

        // The order of each dossier's history: no step before one the portal already has, nor before an earlier one in the call.
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var number = step["MaHoSo"]!.GetValue<string>();
            var at = step["ThoiDiemXuLy"]!.GetValue<string>();
            var previous = last.GetValueOrDefault(number) ?? _dossiers[number].Steps.LastOrDefault()?["ThoiDiemXuLy"]!.GetValue<string>();
            if (previous is not null && string.CompareOrdinal(at, previous) < 0 && !_dossiers[number].Has(step))
            {
                return Violation($"step of {number} at {at} sent after one at {previous}");
            }

            last[number] = at;
        }

        foreach (var step in steps)
        {
            var dossier = _dossiers[step["MaHoSo"]!.GetValue<string>()];
            if (dossier.Has(step))
            {
                RepeatedSteps++;
            }
            else
            {
                dossier.Steps.Add(step.DeepClone().AsObject());
            }
        }

        return Answer("0", "Cập nhật tiến độ thành công");
    }

    private IResult LookUp(JsonObject body) =>
        body["MaHoSo"]?.GetValue<string>() is { } number && _dossiers.TryGetValue(number, out var dossier)
            ? Results.Json(new { error_code = "0", message = "Tìm thấy hồ sơ", data = dossier.Record })
            : Answer("-1", "Không tìm thấy hồ sơ");

    private IResult? Refusal(IEnumerable<string> numbers) =>
        numbers.FirstOrDefault(_refused.ContainsKey) is { } number ? Answer(_refused[number].Code, $"{number}: {_refused[number].Message}") : null;

    private static string? DossierError(JsonObject dossier)
    {
        foreach (var field in new[] { "MaHoSo", "MaTTHC", "TenTTHC", "SoBienNhan", "DonViXuLy" })
        {
            if (dossier[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length == 0)
            {
                return $"{field} is missing";
            }
        }

        return RequiredDates.Select(f => DateError(dossier, f, required: true))
                .Concat(OptionalDates.Select(f => DateError(dossier, f, required: false)))
                .FirstOrDefault(e => e is not null)
            ?? CodeError(dossier, "TrangThaiHoSo", 1, 10)
            ?? CodeError(dossier, "KenhThucHien", 1, 3)
            ?? CodeError(dossier, "LoaiDoiTuong", 1, 4)
            ?? CodeError(dossier, "HinhThuc", 0, 1)
            ?? CodeError(dossier, "HoSoCoThanhPhanSoHoa", 0, 1)
            ?? CodeError(dossier, "DuocThanhToanTrucTuyen", 0, 1)
            ?? (dossier["TaiLieuNop"] is JsonArray && dossier["DanhSachLePhi"] is JsonArray && dossier["DanhSachGiayToKetQua"] is JsonArray
                ? null
                : "TaiLieuNop, DanhSachLePhi and DanhSachGiayToKetQua must be lists");
    }

    private static string? StepError(JsonObject step)
    {
        if (step["MaHoSo"]?.GetValue<string>() is not { Length: > 0 })
        {
            return "a step's MaHoSo is missing";
        }

        if (step["NguoiXuLy"]?.GetValue<string>() is { Length: > 50 })
        {
            return "NguoiXuLy is longer than 50 characters";
        }

        return StepDates.Select(f => DateError(step, f, required: true)).FirstOrDefault(e => e is not null)
            ?? CodeError(step, "TrangThai", 1, 10)
            ?? (step["NoiDungXuLy"]?.GetValue<string>() is { Length: > 0 } ? null : "NoiDungXuLy is missing");
    }

    private static string? DateError(JsonObject item, string field, bool required)
    {
        var text = item[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        if (text is null || (text.Length == 0 && required))
        {
            return $"{field} is missing";
        }

        return text.Length == 0 || DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"{field} '{text}' is not yyyyMMddHHmmss";
    }

    private static string? CodeError(JsonObject item, string field, int min, int max) =>
        item[field] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.GetValue<int>() is var code && code >= min && code <= max
            ? null
            : $"{field} must be a number from {min} to {max}, not {item[field]?.ToJsonString() ?? "nothing"}";

    private IResult Violation(string what)
    {
        _violations.Add(what);
        return Answer("2", $"Dữ liệu không hợp lệ: {what}");
    }

    private static IResult Answer(string code, string message) => Results.Json(new { error_code = code, message });

    /// <summary>The fault the call meets, if any: the portal down, or the next fault it was told of.</summary>
    private async Task<IResult?> FaultAsync(HttpContext http)
    {
        PortalFault? fault;
        lock (_gate)
        {
            Calls++;
            if (DateTimeOffset.UtcNow < _downUntil)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            fault = _faults.Count > 0 ? _faults.Dequeue() : null;
        }

        switch (fault)
        {
            case null:
                return null;
            case PortalFault.Timeout:
                await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
            case PortalFault.ServerError:
                return Results.StatusCode(StatusCodes.Status500InternalServerError);
            case PortalFault.NotJson:
                return Results.Content("<html><body>Hệ thống đang bảo trì</body></html>", "text/html");
            case PortalFault.Huge:
                return Results.Json(new { error_code = "0", message = new string('x', 1 << 20) });
            default:
                throw new InvalidOperationException($"Unknown fault {fault}.");
        }
    }

    private static async Task<JsonObject?> ReadAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private IResult State()
    {
        lock (_gate)
        {
            return Results.Json(new
            {
                dossiers = _dossiers.Count,
                steps = _dossiers.Values.Sum(d => d.Steps.Count),
                repeatedSteps = RepeatedSteps,
                calls = Calls,
                violations = _violations,
            });
        }
    }
}

/// <summary>A dossier as the stand-in keeps it: the latest record and the history, each step once.</summary>
public sealed class PortalDossier(string dossierNo)
{
    public string DossierNo { get; } = dossierNo;

    public JsonObject Record { get; set; } = [];

    public List<JsonObject> Steps { get; private init; } = [];

    /// <summary>How many times the record was updated.</summary>
    public int Updates { get; set; }

    /// <summary>The status codes of the history, in order.</summary>
    public IReadOnlyList<int> Statuses => [.. Steps.Select(s => s["TrangThai"]!.GetValue<int>())];

    /// <summary>Whether the portal has this step already: the same dossier, instant, status, content, unit and person.</summary>
    public bool Has(JsonObject step) => Steps.Any(s => Key(s) == Key(step));

    public PortalDossier Copy() => new(DossierNo)
    {
        Record = Record.DeepClone().AsObject(),
        Steps = [.. Steps.Select(s => s.DeepClone().AsObject())],
        Updates = Updates,
    };

    private static readonly string[] KeyFields = ["ThoiDiemXuLy", "TrangThai", "NoiDungXuLy", "PhongBanXuLy", "NguoiXuLy"];

    private static string Key(JsonObject step) => string.Join('|', KeyFields.Select(f => step[f]?.ToJsonString()));
}
