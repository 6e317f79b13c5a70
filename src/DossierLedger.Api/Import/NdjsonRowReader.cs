using System.Text;
using System.Text.Json;

namespace DossierLedger.Api.Import;

/// <summary>
/// Newline-delimited JSON: one object per line, with the CSV columns as properties (strings, numbers, booleans or
/// null). Blank lines are skipped. Read one line at a time.
/// </summary>
public sealed class NdjsonRowReader(Stream stream) : IImportRowReader
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    private readonly HashSet<string> _ignored = new(StringComparer.Ordinal);
    private readonly HashSet<int> _seen = [];
    private long _line;
    private long _ordinal;

    public long Position => stream.Position;

    public IReadOnlyCollection<string> IgnoredColumns => _ignored;

    public ImportRow? Read()
    {
        while (_reader.ReadLine() is { } text)
        {
            _line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var values = new string?[ImportHeader.Count];
            string? error = null;
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = "The line is not a JSON object.";
                }
                else
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        var column = ImportHeader.Find(property.Name);
                        if (column < 0)
                        {
                            _ignored.Add(property.Name);
                            continue;
                        }

                        _seen.Add(column);
                        var value = property.Value;
                        switch (value.ValueKind)
                        {
                            case JsonValueKind.String:
                                var s = value.GetString();
                                values[column] = string.IsNullOrEmpty(s) ? null : s;
                                break;
                            case JsonValueKind.Number:
                            case JsonValueKind.True:
                            case JsonValueKind.False:
                                values[column] = value.GetRawText();
                                break;
                            case JsonValueKind.Null:
                                break;
                            default:
                                error ??= $"Property {property.Name} is a JSON {value.ValueKind.ToString().ToLowerInvariant()}; import values are strings, numbers or booleans.";
                                break;
                        }
                    }
                }
            }
            catch (JsonException e)
            {
                error = $"The line is not valid JSON: {e.Message}";
            }

            return new ImportRow(_line, _ordinal++, values, error);
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
