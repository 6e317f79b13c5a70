namespace DossierLedger.Api.Hosting;

/// <summary>A configuration the host will not run with; its message is the one line that says what to set.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);
