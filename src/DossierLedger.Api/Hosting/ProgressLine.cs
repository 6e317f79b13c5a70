using System.Globalization;

namespace DossierLedger.Api.Hosting;

/// <summary>
/// One progress line for a long command-line step (an import, the demo's load), on stderr: a bar redrawn in place
/// twice a second on a terminal; when stderr is redirected (a log), a line every ten seconds instead, so logs are not
/// flooded.
/// </summary>
public sealed class ProgressLine(TextWriter output)
{
    private const int Width = 24;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private DateTime _lastLogged = DateTime.MinValue;
    private bool _drawn;

    /// <summary>Shows <paramref name="fraction"/> done as a bar and a percentage, followed by <paramref name="text"/>.</summary>
    public void Show(double fraction, string text)
    {
        lock (_gate)
        {
            if (!_interactive && DateTime.UtcNow - _lastLogged < TimeSpan.FromSeconds(10))
            {
                return;
            }

            _lastLogged = DateTime.UtcNow;
            var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * Width);
            var line = string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', Width - filled)}] {fraction:P0} {text}");
            if (_interactive)
            {
                output.Write($"\r{line,-110}");
                _drawn = true;
            }
            else
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>Ends the line drawn in place, so what follows starts on a line of its own.</summary>
    public void Done()
    {
        lock (_gate)
        {
            if (_drawn)
            {
                output.WriteLine();
                _drawn = false;
            }
        }
    }
}
