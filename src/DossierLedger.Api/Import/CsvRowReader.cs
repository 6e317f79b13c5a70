using System.Text;

namespace DossierLedger.Api.Import;

/// <summary>
/// A streaming CSV reader (RFC 4180): comma-separated, the first record is the header, fields may be quoted with
/// <c>"</c> (a doubled quote inside stands for one) and then hold commas and line breaks; CRLF or LF; UTF-8, with or
/// without a byte-order mark. Rows are read one at a time, so a file of any size takes constant memory.
/// </summary>
public sealed class CsvRowReader : IImportRowReader
{
    private readonly Stream _stream;
    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[64 * 1024];
    private readonly StringBuilder _field = new();
    private readonly List<string?> _fields = [];
    private readonly int[] _map;
    private readonly List<string> _ignored = [];
    private int _position;
    private int _length;
    private long _line = 1;
    private long _ordinal;

    public CsvRowReader(Stream stream)
    {
        _stream = stream;
        _reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        if (ReadRecord(out _) is not { } header)
        {
            throw new ImportFormatException("The file is empty: a CSV import file starts with a header row (see docs/import.md).");
        }

        _map = new int[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i] ?? "";
            _map[i] = ImportHeader.Find(name);
            if (_map[i] < 0 && name.Length > 0)
            {
                _ignored.Add(name);
            }
        }

        var duplicate = _map.Where(i => i >= 0).GroupBy(i => i).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ImportFormatException($"The header names column {Domain.Import.ImportColumns.All[duplicate.Key]} twice.");
        }

        ImportHeader.Require(_map.Where(i => i >= 0));
    }

    public long Position => _stream.Position;

    public IReadOnlyCollection<string> IgnoredColumns => _ignored;

    public ImportRow? Read()
    {
        while (true)
        {
            var line = _line;
            if (ReadRecord(out var error) is not { } fields)
            {
                return null;
            }

            // A blank line is no row.
            if (error is null && fields.Count == 1 && fields[0] is null)
            {
                continue;
            }

            var values = new string?[ImportHeader.Count];
            if (error is null && fields.Count != _map.Length)
            {
                error = $"The row has {fields.Count} fields; the header has {_map.Length}.";
            }

            for (var i = 0; i < Math.Min(fields.Count, _map.Length); i++)
            {
                if (_map[i] >= 0)
                {
                    values[_map[i]] = fields[i];
                }
            }

            return new ImportRow(line, _ordinal++, values, error);
        }
    }

    /// <summary>The fields of the next record (empty ones null), or null at the end of the file.</summary>
    private List<string?>? ReadRecord(out string? error)
    {
        error = null;
        _fields.Clear();
        if (!Fill())
        {
            return null;
        }

        while (true)
        {
            _field.Clear();
            var quoted = false;
            if (Fill() && _buffer[_position] == '"')
            {
                quoted = true;
                _position++;
                if (!ReadQuoted())
                {
                    error ??= "A quoted field is not closed before the end of the file.";
                }
            }

            // The unquoted part (all of an unquoted field; after a closing quote, anything up to the separator is an error).
            var strayText = false;
            while (Fill())
            {
                var span = _buffer.AsSpan(_position, _length - _position);
                var stop = span.IndexOfAny(',', '\n', '\r');
                var chunk = stop < 0 ? span : span[..stop];
                if (quoted && chunk.Length > 0)
                {
                    strayText = true;
                }
                else if (!quoted && chunk.Contains('"'))
                {
                    error ??= "A quote inside an unquoted field (quote the whole field and double the quote).";
                }

                _field.Append(chunk);
                _position += chunk.Length;
                if (stop >= 0)
                {
                    break;
                }
            }

            if (strayText)
            {
                error ??= "Text follows a quoted field's closing quote.";
            }

            _fields.Add(_field.Length == 0 ? null : _field.ToString());
            if (!Fill())
            {
                return _fields;
            }

            var c = _buffer[_position++];
            if (c == ',')
            {
                continue;
            }

            // End of the record: CRLF, LF or a lone CR.
            _line++;
            if (c == '\r' && Fill() && _buffer[_position] == '\n')
            {
                _position++;
            }

            return _fields;
        }
    }

    /// <summary>Reads a quoted field's content up to its closing quote; false when the file ends first.</summary>
    private bool ReadQuoted()
    {
        while (Fill())
        {
            var span = _buffer.AsSpan(_position, _length - _position);
            var quote = span.IndexOf('"');
            var chunk = quote < 0 ? span : span[..quote];
            foreach (var ch in chunk)
            {
                // Line breaks inside quotes are part of the value, and still lines of the file.
                if (ch == '\n')
                {
                    _line++;
                }
            }

            _field.Append(chunk);
            _position += chunk.Length;
            if (quote < 0)
            {
                continue;
            }

            _position++;
            if (Fill() && _buffer[_position] == '"')
            {
                _field.Append('"');
                _position++;
                continue;
            }

            return true;
        }

        return false;
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    public void Dispose() => _reader.Dispose();
}
