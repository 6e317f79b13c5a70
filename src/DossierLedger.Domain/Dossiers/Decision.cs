namespace DossierLedger.Domain.Dossiers;

/// <summary>A business rule a command would break; nothing is written when one is found.</summary>
/// <param name="Rule">A stable kebab-case name clients can branch on.</param>
/// <param name="Detail">What was wrong, for a person.</param>
public sealed record RuleViolation(string Rule, string Detail);

/// <summary>What a decider concluded: the events to append, or the rule that forbids them.</summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<IDossierEvent> events, RuleViolation? violation)
    {
        Events = events;
        Violation = violation;
    }

    public IReadOnlyList<IDossierEvent> Events { get; }

    public RuleViolation? Violation { get; }

    public static Decision Accept(params IDossierEvent[] events) => new(events, null);

    public static Decision Reject(string rule, string detail) => new([], new RuleViolation(rule, detail));
}
