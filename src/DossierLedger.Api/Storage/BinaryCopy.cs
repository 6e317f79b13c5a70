using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace DossierLedger.Api.Storage;

/// <summary>
/// Rows of a <c>COPY … FROM STDIN (FORMAT BINARY)</c>, encoded here and sent through the driver's raw COPY stream. The
/// driver's row importer resolves and binds every value it writes, which cost about a microsecond a value: more than
/// anything else the rebuild and the import did in process (the import writes twelve values an event). The few column
/// types the bulk paths write are encoded directly, in PostgreSQL's binary format. Synchronous: those paths write on
/// threads of their own. Disposed before <see cref="Complete"/>, the COPY is cancelled and nothing it sent is kept.
/// </summary>
public sealed class BinaryCopy : IDisposable
{
    private const int FlushAt = 1 << 15;

    /// <summary>The format's signature, flags and header extension length.</summary>
    private static readonly byte[] Header = [.. "PGCOPY\n"u8, 0xFF, .. "\r\n\0"u8, 0, 0, 0, 0, 0, 0, 0, 0];

    private static readonly int Epoch = new DateOnly(2000, 1, 1).DayNumber;

    private static readonly DateTime EpochInstant = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly NpgsqlRawCopyStream _stream;
    private byte[] _buffer = new byte[FlushAt * 2];
    private int _length;
    private bool _completed;

    private BinaryCopy(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        Header.CopyTo(_buffer, 0);
        _length = Header.Length;
    }

    /// <summary>Starts <c>COPY <paramref name="table"/> (<paramref name="columns"/>) FROM STDIN (FORMAT BINARY)</c> on the connection.</summary>
    public static BinaryCopy Begin(NpgsqlConnection connection, string table, IEnumerable<string> columns) =>
        new(connection.BeginRawBinaryCopy($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)"));

    /// <summary>Starts a row of <paramref name="columns"/> values, written next in column order.</summary>
    public void Row(short columns)
    {
        if (_length >= FlushAt)
        {
            _stream.Write(_buffer, 0, _length);
            _length = 0;
        }

        BinaryPrimitives.WriteInt16BigEndian(Take(2), columns);
    }

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    /// <summary>A <c>smallint</c>, or null.</summary>
    public void Smallint(short? value) => ValueOrNull(value, Smallint);

    /// <summary>A <c>date</c>, or null.</summary>
    public void Date(DateOnly? value) => ValueOrNull(value, Date);

    /// <summary>A <c>bigint</c>, or null.</summary>
    public void Bigint(long? value) => ValueOrNull(value, Bigint);

    /// <summary>A <c>text</c>, or null.</summary>
    public void TextOrNull(string? value)
    {
        if (value is null)
        {
            Null();
        }
        else
        {
            Text(value);
        }
    }

    public void Uuid(Guid value) => value.TryWriteBytes(Value(16), bigEndian: true, out _);

    public void Bigint(long value) => BinaryPrimitives.WriteInt64BigEndian(Value(8), value);

    public void Smallint(short value) => BinaryPrimitives.WriteInt16BigEndian(Value(2), value);

    public void Boolean(bool value) => Value(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>A <c>"char"</c> (one byte).</summary>
    public void InternalChar(char value) => Value(1)[0] = checked((byte)value);

    public void Date(DateOnly value) => BinaryPrimitives.WriteInt32BigEndian(Value(4), value.DayNumber - Epoch);

    public void TimestampTz(DateTime utc) => BinaryPrimitives.WriteInt64BigEndian(Value(8), (utc - EpochInstant).Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>A <c>text</c> or <c>varchar</c>.</summary>
    public void Text(string value)
    {
        var span = Value(Encoding.UTF8.GetByteCount(value));
        Encoding.UTF8.GetBytes(value, span);
    }

    /// <summary>A <c>jsonb</c>: its format version, then the JSON text.</summary>
    public void Jsonb(string json)
    {
        var span = Value(1 + Encoding.UTF8.GetByteCount(json));
        span[0] = 1;
        Encoding.UTF8.GetBytes(json, span[1..]);
    }

    private void ValueOrNull<T>(T? value, Action<T> write)
        where T : struct
    {
        if (value is { } v)
        {
            write(v);
        }
        else
        {
            Null();
        }
    }

    /// <summary>Ends the COPY: the server has stored every row when this returns.</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);
        _stream.Write(_buffer, 0, _length);
        _length = 0;
        _completed = true;
        _stream.Dispose();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            _stream.Cancel();
        }
    }

    /// <summary>A value's length, then room for its bytes.</summary>
    private Span<byte> Value(int length)
    {
        var span = Take(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        return span[4..];
    }

    private Span<byte> Take(int length)
    {
        if (_length + length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + length));
        }

        var span = _buffer.AsSpan(_length, length);
        _length += length;
        return span;
    }
}
