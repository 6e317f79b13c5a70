using System.Globalization;
using DossierLedger.Domain.Dossiers;
using DossierLedger.Domain.Import;
using NodaTime;
using NodaTime.Text;

namespace DossierLedger.Api.Import;

/// <summary>
/// Reads one row's text into a <see cref="HistoryStep"/>, checking each value's form (codes, numbers, instants,
/// lengths). Whether a step has everything its action needs, and whether the lifecycle allows it, is the replay's
/// business (<see cref="HistoryReplay"/>).
/// </summary>
public static class ImportRowParser
{
    /// <summary>Instants before this are not plausible for a one-stop desk (as for the API).</summary>
    private static readonly Instant Earliest = Instant.FromUtc(2000, 1, 1, 0, 0);

    private static readonly int Status = ImportHeader.ColumnIndex(ImportColumns.Status);
    private static readonly int Action = ImportHeader.ColumnIndex(ImportColumns.Action);
    private static readonly int OccurredAt = ImportHeader.ColumnIndex(ImportColumns.OccurredAt);

    /// <summary>The row's step, or null with its errors added to <paramref name="errors"/>.</summary>
    public static HistoryStep? Parse(ImportRow row, List<StepRejection> errors)
    {
        if (row.Error is { } broken)
        {
            errors.Add(new StepRejection(row.Line, "", ImportRules.InvalidValue, broken));
            return null;
        }

        var reader = new Reader(row, errors);
        var receiptNo = reader.Text(ImportColumns.ReceiptNo, 64, required: true);
        var unit = reader.Text(ImportColumns.UnitCode, 32, required: true);
        if (unit is not null && !unit.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            reader.Invalid(ImportColumns.UnitCode, "may contain only letters, digits, '-', '_' and '.'.");
        }

        var action = ReadAction(row, reader);
        var at = reader.Instant(ImportColumns.OccurredAt, required: true);
        var step = new HistoryStep(row.Line, action ?? StepAction.Ignore, at ?? default)
        {
            ProcedureCode = reader.Text(ImportColumns.ProcedureCode, 32),
            Channel = reader.Code(ImportColumns.Channel, NationalCodes.Channels),
            ApplicantName = reader.Text(ImportColumns.ApplicantName, 200),
            ReceivingUnitCode = reader.Text(ImportColumns.ReceivingUnitCode, 32),
            ReceivedBy = reader.Text(ImportColumns.ReceivedBy, 200),
            ToUnitCode = reader.Text(ImportColumns.ToUnitCode, 32),
            HandedOverBy = reader.Text(ImportColumns.HandedOverBy, 200),
            Step = reader.Text(ImportColumns.Step, 200),
            Assignee = reader.Text(ImportColumns.Assignee, 200),
            Agency = reader.Text(ImportColumns.Agency, 200),
            Items = reader.Text(ImportColumns.Items, 4000),
            Amount = reader.Amount(ImportColumns.Amount),
            PaymentMethod = reader.Code(ImportColumns.PaymentMethod, NationalCodes.PaymentMethods),
            NewAppointmentAt = reader.Instant(ImportColumns.NewAppointmentAt, required: false),
            Reason = reader.Text(ImportColumns.Reason, 2000),
            ReturnMethod = reader.Code(ImportColumns.ReturnMethod, NationalCodes.ReturnMethods),
            ComponentsDigitized = reader.Integer(ImportColumns.ComponentsDigitized, 0, 1000) ?? 0,
            ReusedData = reader.Boolean(ImportColumns.ReusedData),
            ElectronicResult = reader.Boolean(ImportColumns.ElectronicResult),
            Rating = reader.Code(ImportColumns.Rating, NationalCodes.Ratings),
            Comment = reader.Text(ImportColumns.Comment, 4000),
        };
        return reader.Failed || receiptNo is null || unit is null || action is null || at is null ? null : step;
    }

    /// <summary>The national status code and the optional action name, which must agree.</summary>
    private static StepAction? ReadAction(ImportRow row, Reader reader)
    {
        StepAction? byStatus = null;
        if (row[Status] is { } statusText)
        {
            byStatus = int.TryParse(statusText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                ? NationalCodes.ActionOfStatus(code)
                : null;
            if (byStatus is null)
            {
                reader.Invalid(ImportColumns.Status, $"'{statusText}' is not a national status code (1–10).");
                return null;
            }
        }

        StepAction? named = null;
        if (row[Action] is { } actionText)
        {
            if (!NationalCodes.Actions.TryGetValue(actionText.Trim(), out var found))
            {
                reader.Invalid(ImportColumns.Action, $"'{actionText}' is not an action ({string.Join(", ", NationalCodes.Actions.Keys)}).");
                return null;
            }

            named = found;
        }

        switch (byStatus, named)
        {
            case (null, null):
                reader.Missing(ImportColumns.Status, "Each row needs a status code or an action.");
                return null;
            case (null, { } only):
                return only;
            case ({ } only, null):
                return only;
            case ({ } status, { } both) when both.Status == status.Status && status != StepAction.Ignore:
                return both;
            // Apology, digitization and feedback leave the status as it is: a status beside them only says what it was.
            case ({ }, { Status: null } both):
                return both;
            default:
                reader.Fail(ImportColumns.Action, ImportRules.ActionMismatch,
                    $"Action {row[Action]} does not go with status {row[Status]} (it {(named!.Status is { } s ? $"sets status {s}" : "leaves the status as it is")}).");
                return null;
        }
    }

    /// <summary>Reads values of one row, collecting its errors.</summary>
    private sealed class Reader(ImportRow row, List<StepRejection> errors)
    {
        public bool Failed { get; private set; }

        public void Fail(string column, string rule, string message)
        {
            Failed = true;
            errors.Add(new StepRejection(row.Line, column, rule, message));
        }

        public void Invalid(string column, string message) => Fail(column, ImportRules.InvalidValue, message);

        public void Missing(string column, string message) => Fail(column, ImportRules.MissingValue, message);

        private string? Raw(string column) => row[ImportHeader.ColumnIndex(column)]?.Trim() is { Length: > 0 } value ? value : null;

        public string? Text(string column, int maxLength, bool required = false)
        {
            var value = Raw(column);
            if (value is null)
            {
                if (required)
                {
                    Missing(column, $"{column} is required.");
                }

                return null;
            }

            if (value.Length > maxLength)
            {
                Fail(column, ImportRules.TooLong, $"{column} has {value.Length} characters; at most {maxLength} are kept.");
                return null;
            }

            return value;
        }

        public Instant? Instant(string column, bool required)
        {
            var value = Raw(column);
            if (value is null)
            {
                if (required)
                {
                    Missing(column, $"{column} is required.");
                }

                return null;
            }

            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(value);
            if (!parsed.Success)
            {
                Invalid(column, $"'{value}' is not an ISO-8601 date and time with an offset, e.g. 2025-04-01T08:15:00+07:00.");
                return null;
            }

            var instant = parsed.Value.ToInstant();
            if (instant < Earliest)
            {
                Invalid(column, $"{value} is before 2000-01-01.");
                return null;
            }

            return instant;
        }

        public T? Code<T>(string column, IReadOnlyDictionary<string, T> codes)
            where T : struct
        {
            var value = Raw(column);
            if (value is null)
            {
                return null;
            }

            if (codes.TryGetValue(value, out var code))
            {
                return code;
            }

            Invalid(column, $"'{value}' is not one of {string.Join(", ", codes.Keys)}.");
            return null;
        }

        public decimal? Amount(string column)
        {
            var value = Raw(column);
            if (value is null)
            {
                return null;
            }

            if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && Dong.IsAmount(amount))
            {
                return amount;
            }

            Invalid(column, $"'{value}' is not {Dong.Description}.");
            return null;
        }

        public int? Integer(string column, int min, int max)
        {
            var value = Raw(column);
            if (value is null)
            {
                return null;
            }

            if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            {
                return number;
            }

            Invalid(column, $"'{value}' is not a whole number from {min} to {max}.");
            return null;
        }

        public bool Boolean(string column)
        {
            var value = Raw(column);
            switch (value?.ToUpperInvariant())
            {
                case null or "FALSE" or "0" or "NO":
                    return false;
                case "TRUE" or "1" or "YES":
                    return true;
                default:
                    Invalid(column, $"'{value}' is not true or false (or 1 / 0).");
                    return false;
            }
        }
    }
}
